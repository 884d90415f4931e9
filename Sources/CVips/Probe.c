// Reading what a header declares without decoding pixels.
#include <string.h>

#include "Shim.h"

VipsSource *fovea_vips_source(const FoveaVipsOrigin *origin)
{
    // Sources take the path literally: vips_image_new_from_file would read
    // "[...]" in a file name as load options.
    VipsSource *source = origin->path ? vips_source_new_from_file(origin->path)
                                      : vips_source_new_from_memory(origin->data, origin->length);
    if (!source) {
        fovea_vips_fail(FOVEA_VIPS_ERROR_HEADER, "cannot open the image data");
    }
    return source;
}

void fovea_vips_fill_header(VipsImage *image, const char *loader, FoveaVipsHeader *header)
{
    memset(header, 0, sizeof *header);
    header->width = vips_image_get_width(image);
    header->height = vips_image_get_height(image);
    header->bands = vips_image_get_bands(image);
    header->orientation = vips_image_get_orientation(image);
    header->has_alpha = vips_image_hasalpha(image);
    const char *format = vips_enum_nick(VIPS_TYPE_BAND_FORMAT, vips_image_get_format(image));
    g_strlcpy(header->format, format ? format : "unknown", sizeof header->format);
    // The operation is the source loader ("jpegload_source"); report the
    // family name libvips users know ("jpegload").
    const char *nickname = vips_nickname_find(g_type_from_name(loader));
    g_strlcpy(header->loader, nickname ? nickname : loader, sizeof header->loader);
    char *suffix = strstr(header->loader, "_source");
    if (suffix) {
        *suffix = '\0';
    }
}

static FoveaVipsStatus probe(const FoveaVipsOrigin *origin, FoveaVipsHeader *header)
{
    VipsSource *source = fovea_vips_source(origin);
    if (!source) {
        return FOVEA_VIPS_ERROR_HEADER;
    }
    const char *loader = vips_foreign_find_load_source(source);
    if (!loader) {
        g_object_unref(source);
        return fovea_vips_fail(FOVEA_VIPS_ERROR_NOT_AN_IMAGE, "not a known image format");
    }
    VipsImage *image = vips_image_new_from_source(source, "", "access", VIPS_ACCESS_SEQUENTIAL, NULL);
    g_object_unref(source);
    if (!image) {
        return fovea_vips_fail(FOVEA_VIPS_ERROR_HEADER, "cannot read the image header");
    }
    fovea_vips_fill_header(image, loader, header);
    g_object_unref(image);
    return FOVEA_VIPS_OK;
}

FoveaVipsStatus fovea_vips_probe_file(const char *path, FoveaVipsHeader *header)
{
    FoveaVipsStatus status = fovea_vips_begin();
    if (status != FOVEA_VIPS_OK) {
        return status;
    }
    if (!path || !header) {
        return fovea_vips_refuse(FOVEA_VIPS_ERROR_ARGUMENT, "no path or no header to fill");
    }
    FoveaVipsOrigin origin = { .path = path };
    return probe(&origin, header);
}

FoveaVipsStatus fovea_vips_probe_buffer(const void *data, size_t length, FoveaVipsHeader *header)
{
    FoveaVipsStatus status = fovea_vips_begin();
    if (status != FOVEA_VIPS_OK) {
        return status;
    }
    if (!data || length == 0 || !header) {
        return fovea_vips_refuse(FOVEA_VIPS_ERROR_ARGUMENT, "no data or no header to fill");
    }
    FoveaVipsOrigin origin = { .data = data, .length = length };
    return probe(&origin, header);
}
