#pragma once
// unique_ptr deleters for C library handles: std::unique_ptr<T, Deleter<free_fn>>.

#include <memory>

namespace mpop {

template <auto Free>
struct Deleter {
  template <class T>
  void operator()(T* p) const {
    if (p) Free(p);
  }
};

template <class T, auto Free>
using CHandle = std::unique_ptr<T, Deleter<Free>>;

}  // namespace mpop
