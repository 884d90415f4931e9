// The whole libvips C API, found through pkg-config ("vips"). Only the CVips
// shim includes it; Swift code goes through CVips, because most of libvips
// is variadic and cannot be called from Swift.
#include <vips/vips.h>
