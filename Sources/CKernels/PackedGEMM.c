// The small matrix products of recurrent layers: each step multiplies a few rows (the batch) by the same
// fixed matrix (R or Rᵀ). OpenBLAS repacks that matrix on every call, which for a 16 × 128 by 128 × 512
// product costs as long as the arithmetic; here it is packed once per pass and the product runs from
// the packed panels. Built per x86-64 level like the activations (see Activations.c).

#include <string.h>

#include "CKernels.h"

#if defined(__x86_64__) && defined(__linux__)
#define PER_CPU_LEVEL __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define PER_CPU_LEVEL
#endif

// Unaligned: panels and rows start wherever the caller's buffers do.
typedef float panel_vector __attribute__((vector_size(64), aligned(4)));

enum { PANEL = 16, ROWS = 8 };

long auscult_packed_count(long k, long n) { return (n + PANEL - 1) / PANEL * PANEL * k; }

void auscult_pack(const float *b, long k, long n, long ldb, int transposed, float *packed) {
    const long panels = (n + PANEL - 1) / PANEL;
    for (long p = 0; p < panels; p++) {
        for (long row = 0; row < k; row++) {
            float *target = packed + (p * k + row) * PANEL;
            for (long c = 0; c < PANEL; c++) {
                const long column = p * PANEL + c;
                target[c] = column >= n ? 0 : (transposed ? b[column * ldb + row] : b[row * ldb + column]);
            }
        }
    }
}

static inline __attribute__((always_inline)) void store(float *target, const panel_vector *value, long valid) {
    if (valid >= PANEL) {
        *(panel_vector *)target = *value;
    } else {
        memcpy(target, value, (size_t)valid * sizeof(float));
    }
}

// Two panels (32 columns) at a time, eight rows at a time: 16 accumulators, each step of the inner
// product loading two panel vectors and broadcasting eight values of A. Each element is one sum over k
// in order, with a fused multiply-add where the CPU level has one.
PER_CPU_LEVEL void auscult_gemm_packed(long m, long n, long k, const float *a, long lda, const float *packed, float *c,
                                       long ldc) {
    const long panels = (n + PANEL - 1) / PANEL;
    for (long p = 0; p < panels; p += 2) {
        const int pair = p + 1 < panels;
        const float *b0 = packed + p * k * PANEL;
        const float *b1 = pair ? b0 + k * PANEL : b0;
        const long valid0 = n - p * PANEL, valid1 = n - (p + 1) * PANEL;
        long i = 0;
        for (; i + ROWS <= m; i += ROWS) {
            panel_vector acc0[ROWS], acc1[ROWS];
            for (int r = 0; r < ROWS; r++) {
                acc0[r] = (panel_vector){0};
                acc1[r] = (panel_vector){0};
            }
            const float *rows = a + i * lda;
            for (long j = 0; j < k; j++) {
                const panel_vector x0 = *(const panel_vector *)(b0 + j * PANEL);
                const panel_vector x1 = *(const panel_vector *)(b1 + j * PANEL);
#pragma clang loop unroll(full)
                for (int r = 0; r < ROWS; r++) {
                    const float s = rows[r * lda + j];
                    acc0[r] += s * x0;
                    acc1[r] += s * x1;
                }
            }
            for (int r = 0; r < ROWS; r++) {
                store(c + (i + r) * ldc + p * PANEL, &acc0[r], valid0);
                if (pair) store(c + (i + r) * ldc + (p + 1) * PANEL, &acc1[r], valid1);
            }
        }
        for (; i < m; i++) {
            panel_vector acc0 = {0}, acc1 = {0};
            const float *row = a + i * lda;
            for (long j = 0; j < k; j++) {
                acc0 += row[j] * *(const panel_vector *)(b0 + j * PANEL);
                acc1 += row[j] * *(const panel_vector *)(b1 + j * PANEL);
            }
            store(c + i * ldc + p * PANEL, &acc0, valid0);
            if (pair) store(c + i * ldc + (p + 1) * PANEL, &acc1, valid1);
        }
    }
}
