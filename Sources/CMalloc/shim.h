// glibc's malloc tuning (mallopt and its parameters), which the Glibc module does not export.
#include <malloc.h>
