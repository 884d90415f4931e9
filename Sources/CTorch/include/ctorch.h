/* The one C boundary between Fovea and libtorch (ATen).
 *
 * Pure C: every entry returns 0 on success and -1 on failure, with results in out-parameters.
 * On failure `ct_last_error()` holds libtorch's message for the calling thread. Nothing here aborts.
 *
 * Operators are reached by their schema name through ATen's dispatcher (`ct_call`), so autograd,
 * oneDNN kernels and every ATen op are available without one C++ wrapper per op.
 */
#ifndef FOVEA_CTORCH_H
#define FOVEA_CTORCH_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* An owned reference to one at::Tensor; free it with ct_free. */
typedef struct ct_tensor_s *ct_tensor;

typedef enum {
    CT_ARG_NONE = 0,     /* None for an optional argument */
    CT_ARG_TENSOR = 1,   /* tensor */
    CT_ARG_INT = 2,      /* int, SymInt, ScalarType, or an integral Scalar */
    CT_ARG_DOUBLE = 3,   /* float or a floating Scalar */
    CT_ARG_BOOL = 4,     /* bool */
    CT_ARG_INTS = 5,     /* int[] / SymInt[] from ints,count */
    CT_ARG_DOUBLES = 6,  /* float[] from doubles,count */
    CT_ARG_TENSORS = 7,  /* Tensor[] from tensors,count */
    CT_ARG_OPTIONAL_TENSORS = 8, /* Tensor?[] from tensors,count; NULL entries are None */
    CT_ARG_STRING = 9    /* str */
} ct_arg_kind;

/* One argument of an operator call; only the fields of its kind are read. */
typedef struct {
    int32_t kind;
    int64_t integer;
    double real;
    const int64_t *ints;
    const double *doubles;
    const ct_tensor *tensors;
    int64_t count;
    const char *string;
} ct_arg;

/* The calling thread's last error message (valid until its next failing call). */
const char *ct_last_error(void);

/* Process set-up, idempotent: compute threads (<= 0 means one per core), allocator thresholds,
 * and a single-threaded OpenBLAS so its pool never competes with ATen's. */
int ct_init(int32_t threads);
int ct_get_num_threads(int32_t *out);
int ct_set_num_threads(int32_t threads);

/* Calls the operator `name` (e.g. "aten::conv2d") with `overload` ("" for the default) through
 * the dispatcher. Every schema argument must be given, in order. Tensor results, and the
 * elements of Tensor[] results, are written to outs (at most `capacity`); their count to *count. */
int ct_call(const char *name, const char *overload, const ct_arg *args, int64_t arg_count,
            ct_tensor *outs, int64_t capacity, int64_t *count);

/* Tensors from and to memory. Bytes are contiguous, row-major, native endianness. */
int ct_from_bytes(const void *bytes, int32_t dtype, const int64_t *shape, int64_t rank, ct_tensor *out);
int ct_empty(int32_t dtype, const int64_t *shape, int64_t rank, ct_tensor *out);
int ct_copy_to_bytes(ct_tensor tensor, void *bytes, int64_t byte_count);
/* The data pointer of a contiguous CPU tensor, for writing a batch in place. */
int ct_data_pointer(ct_tensor tensor, void **out);

int ct_rank(ct_tensor tensor, int64_t *out);
int ct_shape(ct_tensor tensor, int64_t *dims, int64_t capacity);
int ct_strides(ct_tensor tensor, int64_t *strides, int64_t capacity);
int ct_dtype(ct_tensor tensor, int32_t *out);
int ct_is_contiguous(ct_tensor tensor, int32_t *out);

/* A second handle to the same tensor (same storage, same autograd identity). */
int ct_alias(ct_tensor tensor, ct_tensor *out);
void ct_free(ct_tensor tensor);

/* Autograd. */
int ct_requires_grad(ct_tensor tensor, int32_t *out);
int ct_set_requires_grad(ct_tensor tensor, int32_t requires_grad);
/* *out is NULL when the tensor has no gradient. */
int ct_grad(ct_tensor tensor, ct_tensor *out);
/* Sets (or with NULL clears) the accumulated gradient. */
int ct_set_grad(ct_tensor tensor, ct_tensor grad);
/* gradient may be NULL for a scalar. */
int ct_backward(ct_tensor tensor, ct_tensor gradient, int32_t retain_graph);
/* torch.autograd.grad: the gradient of `output` (a scalar when gradient is NULL) with respect to `input`, which
 * may be an intermediate result; no tensor's accumulated gradient is touched. */
int ct_gradient(ct_tensor output, ct_tensor input, ct_tensor gradient, int32_t retain_graph, ct_tensor *out);
int ct_is_grad_enabled(int32_t *out);
int ct_set_grad_enabled(int32_t enabled);

/* The default CPU generator. */
int ct_manual_seed(uint64_t seed);
int ct_rng_state(ct_tensor *out);
int ct_set_rng_state(ct_tensor state);

#ifdef __cplusplus
}
#endif

#endif
