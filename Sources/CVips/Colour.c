// Bringing any decoded image to 8-bit gray, RGB or RGBA.
#include "Shim.h"

// ITU-R 601 luma in 16-bit fixed point, the weights PIL's convert("L") uses
// (and so torchvision's Grayscale). Each is exact in float, so with the +0.5
// and floor below the result matches PIL's rounding exactly.
static const double luma_red = 19595.0 / 65536.0;
static const double luma_green = 38470.0 / 65536.0;
static const double luma_blue = 7471.0 / 65536.0;

static double luma(const uint8_t colour[3])
{
    return luma_red * colour[0] + luma_green * colour[1] + luma_blue * colour[2];
}

static FoveaVipsStatus unsupported(void)
{
    return fovea_vips_fail(FOVEA_VIPS_ERROR_UNSUPPORTED, "cannot convert the image to 8-bit gray or sRGB");
}

static FoveaVipsStatus processing_failed(void)
{
    return fovea_vips_fail(FOVEA_VIPS_ERROR_DECODE, "cannot process the image");
}

/// To `space` (sRGB or B_W) at 8 bits: handles CMYK (through the embedded or
/// a fallback ICC profile), 16-bit, Lab and the like. Extra bands (alpha)
/// are carried along.
static int to_space(VipsImage **image, VipsInterpretation source_space, VipsInterpretation space)
{
    VipsImage *next = NULL;
    if (source_space != space) {
        int failed = vips_colourspace(*image, &next, space, "source_space", source_space, NULL);
        if (fovea_vips_advance(image, next, failed)) {
            return -1;
        }
    }
    if (vips_image_get_format(*image) != VIPS_FORMAT_UCHAR) {
        next = NULL;
        int failed = vips_cast_uchar(*image, &next, NULL);
        if (fovea_vips_advance(image, next, failed)) {
            return -1;
        }
    }
    return 0;
}

/// Blends alpha onto the background (its luma for gray), dropping the band.
static int flatten(VipsImage **image, const uint8_t background[3], int colour_bands)
{
    double values[3] = { background[0], background[1], background[2] };
    if (colour_bands == 1) {
        values[0] = VIPS_FLOOR(luma(background) + 0.5);
    }
    VipsArrayDouble *array = vips_array_double_new(values, colour_bands);
    VipsImage *next = NULL;
    int failed = vips_flatten(*image, &next, "background", array, NULL);
    vips_area_unref(VIPS_AREA(array));
    if (fovea_vips_advance(image, next, failed)) {
        return -1;
    }
    if (vips_image_get_format(*image) != VIPS_FORMAT_UCHAR) {
        next = NULL;
        failed = vips_cast_uchar(*image, &next, NULL);
        return fovea_vips_advance(image, next, failed);
    }
    return 0;
}

/// sRGB to one band of luma, rounded as PIL rounds.
static int to_luma(VipsImage **image)
{
    VipsImage *matrix = vips_image_new_matrixv(3, 1, luma_red, luma_green, luma_blue);
    if (!matrix) {
        VIPS_UNREF(*image);
        return -1;
    }
    VipsImage *next = NULL;
    int failed = vips_recomb(*image, &next, matrix, NULL);
    g_object_unref(matrix);
    if (fovea_vips_advance(image, next, failed)) {
        return -1;
    }
    next = NULL;
    failed = vips_linear1(*image, &next, 1.0, 0.5, NULL);
    if (fovea_vips_advance(image, next, failed)) {
        return -1;
    }
    next = NULL;
    failed = vips_floor(*image, &next, NULL);
    if (fovea_vips_advance(image, next, failed)) {
        return -1;
    }
    next = NULL;
    failed = vips_cast_uchar(*image, &next, NULL);
    return fovea_vips_advance(image, next, failed);
}

FoveaVipsStatus fovea_vips_convert_colour(VipsImage *image, const FoveaVipsDecodeOptions *options, VipsImage **out)
{
    VipsInterpretation source_space = vips_image_guess_interpretation(image);
    int gray_source = source_space == VIPS_INTERPRETATION_B_W || source_space == VIPS_INTERPRETATION_GREY16;
    int keep_gray = gray_source &&
                    (options->color == FOVEA_VIPS_COLOR_GRAY || options->color == FOVEA_VIPS_COLOR_RGB_OR_GRAY);
    VipsInterpretation space = keep_gray ? VIPS_INTERPRETATION_B_W : VIPS_INTERPRETATION_sRGB;
    int colour_bands = keep_gray ? 1 : 3;

    if (to_space(&image, source_space, space)) {
        return unsupported();
    }
    VipsImage *next = NULL;
    int bands = vips_image_get_bands(image);
    if (bands < colour_bands) {
        g_object_unref(image);
        return unsupported();
    }
    if (bands > colour_bands + 1) {
        // Beyond colour and alpha, bands carry nothing a model input can use.
        int failed = vips_extract_band(image, &next, 0, "n", colour_bands + 1, NULL);
        if (fovea_vips_advance(&image, next, failed)) {
            return processing_failed();
        }
    }
    int has_alpha = vips_image_get_bands(image) == colour_bands + 1;

    if (options->color == FOVEA_VIPS_COLOR_RGBA) {
        if (!has_alpha) {
            next = NULL;
            int failed = vips_bandjoin_const1(image, &next, 255.0, NULL);
            if (fovea_vips_advance(&image, next, failed)) {
                return processing_failed();
            }
        }
    } else if (has_alpha && flatten(&image, options->background, colour_bands)) {
        return processing_failed();
    }
    if (options->color == FOVEA_VIPS_COLOR_GRAY && !keep_gray && to_luma(&image)) {
        return processing_failed();
    }
    *out = image;
    return FOVEA_VIPS_OK;
}
