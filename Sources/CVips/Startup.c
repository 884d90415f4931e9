// Starting libvips once, and the per-thread error text.
#include <pthread.h>
#include <string.h>

#include "Shim.h"
#include <vips/vector.h>

static pthread_once_t start_once = PTHREAD_ONCE_INIT;
static FoveaVipsStatus start_status = FOVEA_VIPS_ERROR_STARTUP;
static char start_error[512];

// libvips keeps one error buffer for the whole process; each failing call
// moves its text here, so a thread reads its own message after the call.
static _Thread_local char last_error[2048];

static void ignore_message(const gchar *domain, GLogLevelFlags level, const gchar *message, gpointer context)
{
    (void)domain;
    (void)level;
    (void)message;
    (void)context;
}

static void start(void)
{
    if (vips_init("fovea") != 0) {
        char *details = vips_error_buffer_copy();
        g_strlcpy(start_error, details && details[0] ? details : "vips_init failed", sizeof start_error);
        g_free(details);
        return;
    }
    // Each decode reads a different file, so cached operations are never
    // reused; worse, a cached loader could serve stale pixels for a rewritten
    // file or point at a caller's freed buffer. Keep nothing.
    vips_cache_set_max(0);
    vips_cache_set_max_mem(0);
    vips_cache_set_max_files(0);
    // ORC, the run-time SIMD compiler libvips uses for some resampling and
    // colour paths, crashed the process (a bad pointer inside liborc) once in
    // three full test runs while images were decoded on several threads at
    // once. The plain C paths are correct and fast enough for decoding.
    vips_vector_set_enabled(FALSE);
    // Failures come back as statuses with their text; the warnings libvips
    // would also print (for example for a truncated file read leniently)
    // would only flood the log of a long training run.
    g_log_set_handler("VIPS", G_LOG_LEVEL_WARNING, ignore_message, NULL);
    start_status = FOVEA_VIPS_OK;
}

FoveaVipsStatus fovea_vips_start(void)
{
    pthread_once(&start_once, start);
    if (start_status != FOVEA_VIPS_OK) {
        g_strlcpy(last_error, start_error, sizeof last_error);
    }
    return start_status;
}

FoveaVipsStatus fovea_vips_begin(void)
{
    FoveaVipsStatus status = fovea_vips_start();
    if (status == FOVEA_VIPS_OK) {
        // The buffer is shared by all threads, so this can also drop the text
        // of a call failing on another thread at this very moment; that call
        // then reports its fallback text. Its status is unaffected.
        vips_error_clear();
        last_error[0] = '\0';
    }
    return status;
}

const char *fovea_vips_last_error(void)
{
    return last_error;
}

FoveaVipsStatus fovea_vips_fail(FoveaVipsStatus status, const char *fallback)
{
    char *details = vips_error_buffer_copy();
    const char *text = details && details[0] ? details : fallback;
    // The buffer holds one line per message; join them into one line.
    size_t used = 0;
    for (const char *cursor = text; *cursor && used + 3 < sizeof last_error; cursor++) {
        if (*cursor == '\n') {
            if (cursor[1] != '\0' && used > 0) {
                last_error[used++] = ';';
                last_error[used++] = ' ';
            }
        } else {
            last_error[used++] = *cursor;
        }
    }
    last_error[used] = '\0';
    g_free(details);
    return status;
}

FoveaVipsStatus fovea_vips_refuse(FoveaVipsStatus status, const char *message)
{
    g_strlcpy(last_error, message, sizeof last_error);
    return status;
}

void fovea_vips_resources(size_t *bytes, int *allocations, int *files)
{
    if (bytes) {
        *bytes = vips_tracked_get_mem();
    }
    if (allocations) {
        *allocations = vips_tracked_get_allocs();
    }
    if (files) {
        *files = vips_tracked_get_files();
    }
}
