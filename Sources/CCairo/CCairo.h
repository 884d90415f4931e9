// cairo's C API, found through pkg-config ("cairo"): image surfaces written as PNG, and SVG surfaces.
#include <cairo.h>
#include <cairo-svg.h>
