#include <xgw/Result.h>

#include <cstring>

namespace xgw {

Error Error::from_errno(int err, std::string what) {
    if (err < 0)
        err = -err;
    Errc kind = Errc::Failed;
    switch (err) {
    case EPERM:
    case EACCES:
        kind = Errc::Permission;
        break;
    case ENOENT:
    case ENODEV:
    case ENXIO:
        kind = Errc::NotFound;
        break;
    case EOPNOTSUPP:
    case ENOSYS:
        kind = Errc::Unsupported;
        break;
    case EEXIST:
    case EBUSY:
        kind = Errc::Conflict;
        break;
    case EINVAL:
        kind = Errc::Failed;
        break;
    }
    return Error{kind, err, what + ": " + std::strerror(err)};
}

} // namespace xgw
