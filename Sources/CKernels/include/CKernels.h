#ifndef AUSCULT_CKERNELS_H
#define AUSCULT_CKERNELS_H

/// In place, on `count` floats: the logistic function and the hyperbolic tangent as ONNX Runtime's
/// MLAS computes them (MlasComputeLogistic, MlasComputeTanh): the same clamps and rational
/// approximations, within about 1e-7 absolute of the exact functions.
void auscult_logistic(float *values, long count);
void auscult_tanh(float *values, long count);

/// One step of one batch row of an ONNX LSTM with the default activations (sigmoid, tanh, tanh), no
/// peepholes, no clip and no input_forget. `gates` holds the row's X·Wᵀ in ONNX's gate order i, o, f, c
/// (4 × hidden values) and becomes the activated gates; `recurrent` is H_{t-1}·Rᵀ for the row and
/// `bias` Wb + Rb (4 × hidden, or NULL). `cell` holds C_{t-1} and becomes C_t, also written to
/// `cellOut`; H_t = o · tanh(C_t) is written to `output` and to `hidden`.
void auscult_lstm_step(float *gates, const float *recurrent, const float *bias, float *cell, float *cellOut,
                       float *output, float *hidden, long hiddenSize);

/// The number of floats `auscult_pack` writes for a `k` × `n` operand (n rounded up to whole panels).
long auscult_packed_count(long k, long n);

/// Packs B, `k` × `n` (row stride `ldb`; with `transposed`, B is stored `n` × `k` and read as its
/// transpose), into panels of 16 columns, zero-padded, for `auscult_gemm_packed`.
void auscult_pack(const float *b, long k, long n, long ldb, int transposed, float *packed);

/// C (`m` × `n`, row stride `ldc`) = A (`m` × `k`, row stride `lda`) · B, with B packed by `auscult_pack`.
/// Every element is one float32 sum over k in order (fused multiply-adds on x86-64-v3 and up).
void auscult_gemm_packed(long m, long n, long k, const float *a, long lda, const float *packed, float *c, long ldc);

#endif
