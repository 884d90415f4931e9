// Encoding 8-bit pixels as PNG or JPEG.
#include "Shim.h"

FoveaVipsStatus fovea_vips_encode(const uint8_t *pixels, int width, int height, int channels,
                                  FoveaVipsEncoding encoding, int quality, void **data, size_t *length)
{
    FoveaVipsStatus status = fovea_vips_begin();
    if (status != FOVEA_VIPS_OK) {
        return status;
    }
    if (!pixels || !data || !length || width < 1 || height < 1 || channels < 1 || channels > 4 ||
        width > VIPS_MAX_COORD || height > VIPS_MAX_COORD) {
        return fovea_vips_refuse(FOVEA_VIPS_ERROR_ARGUMENT, "invalid pixels, size or channel count");
    }
    if (encoding == FOVEA_VIPS_ENCODING_JPEG && (channels == 2 || channels == 4)) {
        return fovea_vips_refuse(FOVEA_VIPS_ERROR_UNSUPPORTED, "JPEG cannot store an alpha channel");
    }
    if (encoding == FOVEA_VIPS_ENCODING_JPEG && (quality < 1 || quality > 100)) {
        return fovea_vips_refuse(FOVEA_VIPS_ERROR_ARGUMENT, "JPEG quality must be 1...100");
    }
    *data = NULL;
    *length = 0;
    size_t size = (size_t)width * (size_t)height * (size_t)channels;
    // Wraps the caller's pixels without copying; released before returning.
    VipsImage *wrapped = vips_image_new_from_memory(pixels, size, width, height, channels, VIPS_FORMAT_UCHAR);
    if (!wrapped) {
        return fovea_vips_fail(FOVEA_VIPS_ERROR_ENCODE, "cannot wrap the pixels");
    }
    VipsImage *tagged = NULL;
    VipsInterpretation space = channels <= 2 ? VIPS_INTERPRETATION_B_W : VIPS_INTERPRETATION_sRGB;
    int failed = vips_copy(wrapped, &tagged, "interpretation", space, NULL);
    g_object_unref(wrapped);
    if (failed) {
        return fovea_vips_fail(FOVEA_VIPS_ERROR_ENCODE, "cannot prepare the pixels");
    }
    if (encoding == FOVEA_VIPS_ENCODING_PNG) {
        failed = vips_pngsave_buffer(tagged, data, length, NULL);
    } else {
        failed = vips_jpegsave_buffer(tagged, data, length, "Q", quality, NULL);
    }
    g_object_unref(tagged);
    if (failed) {
        *data = NULL;
        *length = 0;
        return fovea_vips_fail(FOVEA_VIPS_ERROR_ENCODE, "cannot encode the image");
    }
    return FOVEA_VIPS_OK;
}

void fovea_vips_free(void *data)
{
    g_free(data);
}
