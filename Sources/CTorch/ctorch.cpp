// The guarded implementation of ctorch.h. Every entry catches std::exception and anything else,
// keeps the message per thread, and returns -1: no C++ exception ever reaches Swift.
#include "ctorch.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <ATen/core/dispatch/Dispatcher.h>
#include <ATen/core/stack.h>
#include <torch/csrc/autograd/autograd.h>

#include <dlfcn.h>
#include <malloc.h>

#include <cstdlib>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <unordered_map>

struct ct_tensor_s {
    at::Tensor tensor;
};

namespace {

thread_local std::string last_error;

std::string without_backtrace(const std::exception &error) {
    if (auto c10_error = dynamic_cast<const c10::Error *>(&error)) {
        return c10_error->what_without_backtrace();
    }
    return error.what();
}

template <typename Body>
int guarded(Body &&body, const char *context = nullptr) {
    try {
        body();
        return 0;
    } catch (const std::exception &error) {
        last_error = context ? std::string(context) + ": " + without_backtrace(error) : without_backtrace(error);
    } catch (...) {
        last_error = context ? std::string(context) + ": unknown C++ exception" : "unknown C++ exception";
    }
    return -1;
}

ct_tensor wrap(at::Tensor tensor) { return new ct_tensor_s{std::move(tensor)}; }

const at::Tensor &unwrap(ct_tensor handle) {
    if (handle == nullptr) throw std::invalid_argument("null tensor handle");
    return handle->tensor;
}

std::vector<int64_t> dims(const int64_t *shape, int64_t rank) {
    if (rank < 0 || (rank > 0 && shape == nullptr)) throw std::invalid_argument("invalid shape");
    return std::vector<int64_t>(shape, shape + rank);
}

// Operator handles are looked up once per (name, overload) and shared by all threads.
c10::OperatorHandle find_operator(const char *name, const char *overload) {
    static std::mutex mutex;
    static std::unordered_map<std::string, c10::OperatorHandle> cache;
    std::string key = std::string(name) + "." + overload;
    std::lock_guard<std::mutex> lock(mutex);
    auto found = cache.find(key);
    if (found != cache.end()) return found->second;
    auto handle = c10::Dispatcher::singleton().findSchemaOrThrow(name, overload);
    cache.emplace(key, handle);
    return handle;
}

c10::IValue to_ivalue(const ct_arg &arg) {
    switch (arg.kind) {
    case CT_ARG_NONE: return c10::IValue();
    case CT_ARG_TENSOR: return c10::IValue(unwrap(arg.tensors ? arg.tensors[0] : nullptr));
    case CT_ARG_INT: return c10::IValue(arg.integer);
    case CT_ARG_DOUBLE: return c10::IValue(arg.real);
    case CT_ARG_BOOL: return c10::IValue(arg.integer != 0);
    case CT_ARG_INTS: return c10::IValue(dims(arg.ints, arg.count));
    case CT_ARG_DOUBLES: return c10::IValue(std::vector<double>(arg.doubles, arg.doubles + arg.count));
    case CT_ARG_TENSORS: {
        c10::List<at::Tensor> list;
        list.reserve(arg.count);
        for (int64_t i = 0; i < arg.count; ++i) list.push_back(unwrap(arg.tensors[i]));
        return c10::IValue(list);
    }
    case CT_ARG_OPTIONAL_TENSORS: {
        c10::List<c10::optional<at::Tensor>> list;
        list.reserve(arg.count);
        for (int64_t i = 0; i < arg.count; ++i) {
            if (arg.tensors[i] == nullptr) list.push_back(c10::nullopt);
            else list.push_back(unwrap(arg.tensors[i]));
        }
        return c10::IValue(list);
    }
    case CT_ARG_STRING: return c10::IValue(std::string(arg.string ? arg.string : ""));
    default: throw std::invalid_argument("unknown argument kind " + std::to_string(arg.kind));
    }
}

// "aten::add(Tensor[2, 3], Tensor[4], 1)": prefixed to errors so a shape mismatch names both shapes.
std::string describe_call(const char *name, const ct_arg *args, int64_t count) {
    std::ostringstream text;
    text << name << "(";
    for (int64_t i = 0; i < count; ++i) {
        if (i) text << ", ";
        const ct_arg &arg = args[i];
        switch (arg.kind) {
        case CT_ARG_NONE: text << "None"; break;
        case CT_ARG_TENSOR:
            if (arg.tensors && arg.tensors[0]) {
                const at::Tensor &t = arg.tensors[0]->tensor;
                text << "Tensor" << (t.defined() ? t.sizes() : at::IntArrayRef{});
                if (t.defined() && t.scalar_type() != at::kFloat) text << ":" << t.scalar_type();
            } else {
                text << "null";
            }
            break;
        case CT_ARG_INT: text << arg.integer; break;
        case CT_ARG_DOUBLE: text << arg.real; break;
        case CT_ARG_BOOL: text << (arg.integer ? "True" : "False"); break;
        case CT_ARG_INTS: text << at::IntArrayRef(arg.ints, arg.count); break;
        case CT_ARG_DOUBLES: text << "float[" << arg.count << "]"; break;
        case CT_ARG_TENSORS:
        case CT_ARG_OPTIONAL_TENSORS: text << "Tensor[" << arg.count << "]"; break;
        case CT_ARG_STRING: text << '"' << (arg.string ? arg.string : "") << '"'; break;
        default: text << "?"; break;
        }
    }
    text << ")";
    return text.str();
}

} // namespace

extern "C" {

const char *ct_last_error(void) { return last_error.c_str(); }

int ct_init(int32_t threads) {
    return guarded([&] {
        static std::once_flag once;
        std::call_once(once, [] {
            // glibc would hand big activation buffers back to the kernel after every step and
            // fault them in again on the next one; keep them in the heap instead.
            mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
            mallopt(M_TRIM_THRESHOLD, 1024 * 1024 * 1024);
            // OpenBLAS runs its own thread pool beside ATen's: pin it to one thread unless told otherwise.
            const char *blas_threads = std::getenv("FOVEA_BLAS_THREADS");
            using SetThreads = void (*)(int);
            if (auto set = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"))) {
                set(blas_threads ? std::atoi(blas_threads) : 1);
            }
        });
        int32_t count = threads > 0 ? threads : static_cast<int32_t>(std::thread::hardware_concurrency());
        at::set_num_threads(count > 0 ? count : 1);
    });
}

int ct_get_num_threads(int32_t *out) {
    return guarded([&] { *out = at::get_num_threads(); });
}

int ct_set_num_threads(int32_t threads) {
    return guarded([&] {
        if (threads < 1) throw std::invalid_argument("thread count must be at least 1");
        at::set_num_threads(threads);
    });
}

int ct_call(const char *name, const char *overload, const ct_arg *args, int64_t arg_count,
            ct_tensor *outs, int64_t capacity, int64_t *count) {
    try {
        auto op = find_operator(name, overload ? overload : "");
        torch::jit::Stack stack;
        stack.reserve(arg_count);
        for (int64_t i = 0; i < arg_count; ++i) stack.push_back(to_ivalue(args[i]));
        const auto &schema = op.schema();
        if (static_cast<size_t>(arg_count) != schema.arguments().size()) {
            throw std::invalid_argument("expected " + std::to_string(schema.arguments().size()) +
                                        " arguments for " + c10::toString(schema) + ", got " +
                                        std::to_string(arg_count));
        }
        op.callBoxed(&stack);
        std::vector<at::Tensor> results;
        for (auto &value : stack) {
            if (value.isTensor()) results.push_back(value.toTensor());
            else if (value.isTensorList()) for (const at::Tensor &t : value.toTensorVector()) results.push_back(t);
            else if (value.isNone()) continue;
            else if (value.isScalar()) results.push_back(at::scalar_tensor(value.toScalar()));
            else throw std::runtime_error("unsupported result type " + value.tagKind());
        }
        if (static_cast<int64_t>(results.size()) > capacity) {
            throw std::runtime_error("operator returned " + std::to_string(results.size()) +
                                     " tensors, room for " + std::to_string(capacity));
        }
        for (size_t i = 0; i < results.size(); ++i) outs[i] = wrap(std::move(results[i]));
        *count = static_cast<int64_t>(results.size());
        return 0;
    } catch (const std::exception &error) {
        last_error = describe_call(name, args, arg_count) + ": " + without_backtrace(error);
    } catch (...) {
        last_error = describe_call(name, args, arg_count) + ": unknown C++ exception";
    }
    return -1;
}

int ct_from_bytes(const void *bytes, int32_t dtype, const int64_t *shape, int64_t rank, ct_tensor *out) {
    return guarded([&] {
        auto sizes = dims(shape, rank);
        auto options = at::TensorOptions().dtype(static_cast<at::ScalarType>(dtype));
        at::Tensor tensor = at::empty(sizes, options);
        if (tensor.nbytes() > 0) {
            if (bytes == nullptr) throw std::invalid_argument("null data for a non-empty tensor");
            std::memcpy(tensor.data_ptr(), bytes, tensor.nbytes());
        }
        *out = wrap(std::move(tensor));
    });
}

int ct_empty(int32_t dtype, const int64_t *shape, int64_t rank, ct_tensor *out) {
    return guarded([&] {
        auto options = at::TensorOptions().dtype(static_cast<at::ScalarType>(dtype));
        *out = wrap(at::empty(dims(shape, rank), options));
    });
}

int ct_copy_to_bytes(ct_tensor handle, void *bytes, int64_t byte_count) {
    return guarded([&] {
        at::Tensor tensor = unwrap(handle).detach().cpu().contiguous();
        if (static_cast<int64_t>(tensor.nbytes()) != byte_count) {
            throw std::invalid_argument("tensor holds " + std::to_string(tensor.nbytes()) + " bytes, buffer has " +
                                        std::to_string(byte_count));
        }
        if (byte_count > 0) std::memcpy(bytes, tensor.data_ptr(), byte_count);
    });
}

int ct_data_pointer(ct_tensor handle, void **out) {
    return guarded([&] {
        const at::Tensor &tensor = unwrap(handle);
        if (!tensor.is_contiguous() || !tensor.device().is_cpu()) {
            throw std::invalid_argument("data pointer of a non-contiguous or non-CPU tensor");
        }
        *out = tensor.data_ptr();
    });
}

int ct_rank(ct_tensor handle, int64_t *out) {
    return guarded([&] { *out = unwrap(handle).dim(); });
}

int ct_shape(ct_tensor handle, int64_t *dims_out, int64_t capacity) {
    return guarded([&] {
        auto sizes = unwrap(handle).sizes();
        if (static_cast<int64_t>(sizes.size()) > capacity) throw std::invalid_argument("shape buffer too small");
        std::copy(sizes.begin(), sizes.end(), dims_out);
    });
}

int ct_strides(ct_tensor handle, int64_t *strides_out, int64_t capacity) {
    return guarded([&] {
        auto strides = unwrap(handle).strides();
        if (static_cast<int64_t>(strides.size()) > capacity) throw std::invalid_argument("stride buffer too small");
        std::copy(strides.begin(), strides.end(), strides_out);
    });
}

int ct_dtype(ct_tensor handle, int32_t *out) {
    return guarded([&] { *out = static_cast<int32_t>(unwrap(handle).scalar_type()); });
}

int ct_is_contiguous(ct_tensor handle, int32_t *out) {
    return guarded([&] { *out = unwrap(handle).is_contiguous() ? 1 : 0; });
}

int ct_alias(ct_tensor handle, ct_tensor *out) {
    return guarded([&] { *out = wrap(unwrap(handle)); });
}

void ct_free(ct_tensor handle) { delete handle; }

int ct_requires_grad(ct_tensor handle, int32_t *out) {
    return guarded([&] { *out = unwrap(handle).requires_grad() ? 1 : 0; });
}

int ct_set_requires_grad(ct_tensor handle, int32_t requires_grad) {
    return guarded([&] { handle->tensor.requires_grad_(requires_grad != 0); }, "requiresGrad");
}

int ct_grad(ct_tensor handle, ct_tensor *out) {
    return guarded([&] {
        const at::Tensor &grad = unwrap(handle).grad();
        *out = grad.defined() ? wrap(grad) : nullptr;
    });
}

int ct_set_grad(ct_tensor handle, ct_tensor grad) {
    return guarded([&] {
        unwrap(handle).mutable_grad() = grad ? grad->tensor : at::Tensor();
    });
}

int ct_backward(ct_tensor handle, ct_tensor gradient, int32_t retain_graph) {
    return guarded(
        [&] {
            at::Tensor seed = gradient ? gradient->tensor : at::Tensor();
            unwrap(handle).backward(seed, retain_graph != 0);
        },
        "backward");
}

int ct_gradient(ct_tensor output, ct_tensor input, ct_tensor gradient, int32_t retain_graph, ct_tensor *out) {
    return guarded(
        [&] {
            torch::autograd::variable_list seeds;
            if (gradient) seeds.push_back(gradient->tensor);
            auto gradients = torch::autograd::grad({unwrap(output)}, {unwrap(input)}, seeds, retain_graph != 0);
            *out = wrap(gradients.at(0));
        },
        "gradient");
}

int ct_is_grad_enabled(int32_t *out) {
    return guarded([&] { *out = c10::GradMode::is_enabled() ? 1 : 0; });
}

int ct_set_grad_enabled(int32_t enabled) {
    return guarded([&] { c10::GradMode::set_enabled(enabled != 0); });
}

int ct_manual_seed(uint64_t seed) {
    return guarded([&] { at::manual_seed(seed); });
}

int ct_rng_state(ct_tensor *out) {
    return guarded([&] {
        auto generator = at::detail::getDefaultCPUGenerator();
        std::lock_guard<std::mutex> lock(generator.mutex());
        *out = wrap(generator.get_state());
    });
}

int ct_set_rng_state(ct_tensor state) {
    return guarded([&] {
        auto generator = at::detail::getDefaultCPUGenerator();
        std::lock_guard<std::mutex> lock(generator.mutex());
        generator.set_state(unwrap(state));
    });
}

} // extern "C"
