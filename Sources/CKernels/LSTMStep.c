// The element-wise part of an LSTM step, built per x86-64 level like the activations (see
// Activations.c): Swift's baseline-only loops for it took as long as the step's matrix product.

#include "CKernels.h"

#if defined(__x86_64__) && defined(__linux__)
#define PER_CPU_LEVEL __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define PER_CPU_LEVEL
#endif

PER_CPU_LEVEL void auscult_lstm_step(float *gates, const float *recurrent, const float *bias, float *cell, float *cellOut,
                                     float *output, float *hidden, long hiddenSize) {
    const long width = 4 * hiddenSize;
    for (long j = 0; j < width; j++) gates[j] = gates[j] + recurrent[j];
    if (bias) {
        for (long j = 0; j < width; j++) gates[j] += bias[j];
    }
    auscult_logistic(gates, 3 * hiddenSize);  // i, o, f
    auscult_tanh(gates + 3 * hiddenSize, hiddenSize);  // c
    const float *input = gates, *out = gates + hiddenSize, *forget = gates + 2 * hiddenSize, *candidate = gates + 3 * hiddenSize;
    for (long j = 0; j < hiddenSize; j++) {
        cell[j] = cell[j] * forget[j] + input[j] * candidate[j];
        cellOut[j] = cell[j];
        output[j] = cell[j];
    }
    auscult_tanh(output, hiddenSize);
    for (long j = 0; j < hiddenSize; j++) {
        output[j] = out[j] * output[j];
        hidden[j] = output[j];
    }
}
