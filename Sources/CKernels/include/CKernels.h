#ifndef AUSCULT_CKERNELS_H
#define AUSCULT_CKERNELS_H

/// In place, on `count` floats: the logistic function and the hyperbolic tangent as ONNX Runtime's
/// MLAS computes them (MlasComputeLogistic, MlasComputeTanh): the same clamps and rational
/// approximations, within about 1e-7 absolute of the exact functions.
void auscult_logistic(float *values, long count);
void auscult_tanh(float *values, long count);

#endif
