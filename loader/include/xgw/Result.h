// Errors as values: the library never prints and never exits.
#pragma once

#include <cerrno>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace xgw {

// What kind of failure, so the CLI can map it to an exit code.
enum class Errc {
    Failed = 1,      // anything else
    Usage = 2,       // bad arguments or bad input text
    NotFound = 3,    // no such interface, file, state
    Permission = 4,  // not root, no CAP_BPF/CAP_NET_ADMIN
    Unsupported = 5, // kernel or driver lacks a feature
    Conflict = 6,    // someone else's program, incompatible pinned state, busy
};

struct Error {
    Errc kind = Errc::Failed;
    int sys_errno = 0; // errno when the failure came from the kernel, else 0
    std::string message;

    // Builds an error from a negative or positive errno, classifying it.
    static Error from_errno(int err, std::string what);
    Error& prefix(const std::string& context) {
        message = context + ": " + message;
        return *this;
    }
};

template <class T> class [[nodiscard]] Result {
  public:
    Result(T value) : v_(std::move(value)) {}
    Result(Error error) : v_(std::move(error)) {}

    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }
    T& value() & { return std::get<0>(v_); }
    T&& value() && { return std::get<0>(std::move(v_)); }
    const T& value() const& { return std::get<0>(v_); }
    T& operator*() & { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    const Error& error() const { return std::get<1>(v_); }
    Error& error() { return std::get<1>(v_); }

  private:
    std::variant<T, Error> v_;
};

template <> class [[nodiscard]] Result<void> {
  public:
    Result() = default;
    Result(Error error) : error_(std::move(error)) {}

    bool ok() const { return !error_; }
    explicit operator bool() const { return ok(); }
    const Error& error() const { return *error_; }
    Error& error() { return *error_; }

  private:
    std::optional<Error> error_;
};

inline Error make_error(Errc kind, std::string message) {
    return Error{kind, 0, std::move(message)};
}

} // namespace xgw
