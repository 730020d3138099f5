#define _GNU_SOURCE
#include "baselines.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

// fftw3.h first: after <complex.h> its fftwf_complex would be a C99 complex type.
#include <fftw3.h>
#include <kissfft/kiss_fft.h>
#include <liquid/liquid.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void baseline_fftw_prepare(int nfft) {
    fftwf_complex *buf = fftwf_malloc(sizeof(fftwf_complex) * (size_t)nfft);
    fftwf_plan p = fftwf_plan_dft_1d(nfft, buf, buf, FFTW_FORWARD, FFTW_MEASURE);
    fftwf_destroy_plan(p);
    fftwf_free(buf);
}

size_t baseline_fftw_welch(const float *x, size_t samples, int nfft, int hop, float *psd) {
    fftwf_complex *buf = fftwf_malloc(sizeof(fftwf_complex) * (size_t)nfft);
    float *w = malloc(sizeof(float) * (size_t)nfft);
    fftwf_plan p = fftwf_plan_dft_1d(nfft, buf, buf, FFTW_FORWARD, FFTW_MEASURE);
    for (int i = 0; i < nfft; i++) w[i] = 0.5f - 0.5f * cosf(2.0f * (float)M_PI * (float)i / (float)nfft);
    memset(psd, 0, sizeof(float) * (size_t)nfft);
    size_t frames = 0;
    for (size_t start = 0; start + (size_t)nfft <= samples; start += (size_t)hop) {
        const float *f = x + 2 * start;
        for (int i = 0; i < nfft; i++) {
            buf[i][0] = f[2 * i] * w[i];
            buf[i][1] = f[2 * i + 1] * w[i];
        }
        fftwf_execute(p);
        for (int k = 0; k < nfft; k++) psd[k] += buf[k][0] * buf[k][0] + buf[k][1] * buf[k][1];
        frames++;
    }
    fftwf_destroy_plan(p);
    fftwf_free(buf);
    free(w);
    return frames;
}

size_t baseline_liquid_spgram(const float *x, size_t samples, int nfft, int hop, float *psd_db) {
    spgramcf q = spgramcf_create((unsigned)nfft, LIQUID_WINDOW_HANN, (unsigned)nfft, (unsigned)hop);
    spgramcf_write(q, (liquid_float_complex *)x, (unsigned)samples);
    spgramcf_get_psd(q, psd_db);
    size_t transforms = (size_t)spgramcf_get_num_transforms(q);
    spgramcf_destroy(q);
    return transforms;
}

size_t baseline_kissfft_welch(const float *x, size_t samples, int nfft, int hop, float *psd) {
    kiss_fft_cfg cfg = kiss_fft_alloc(nfft, 0, NULL, NULL);
    kiss_fft_cpx *in = malloc(sizeof(kiss_fft_cpx) * (size_t)nfft);
    kiss_fft_cpx *out = malloc(sizeof(kiss_fft_cpx) * (size_t)nfft);
    float *w = malloc(sizeof(float) * (size_t)nfft);
    for (int i = 0; i < nfft; i++) w[i] = 0.5f - 0.5f * cosf(2.0f * (float)M_PI * (float)i / (float)nfft);
    memset(psd, 0, sizeof(float) * (size_t)nfft);
    size_t frames = 0;
    for (size_t start = 0; start + (size_t)nfft <= samples; start += (size_t)hop) {
        const float *f = x + 2 * start;
        for (int i = 0; i < nfft; i++) {
            in[i].r = f[2 * i] * w[i];
            in[i].i = f[2 * i + 1] * w[i];
        }
        kiss_fft(cfg, in, out);
        for (int k = 0; k < nfft; k++) psd[k] += out[k].r * out[k].r + out[k].i * out[k].i;
        frames++;
    }
    kiss_fft_free(cfg);
    free(in);
    free(out);
    free(w);
    return frames;
}

// Debian's FFTW through dlopen: the few functions the plain loop needs.
typedef void *(*malloc_fn)(size_t);
typedef void (*free_fn)(void *);
typedef void *(*plan_fn)(int, void *, void *, int, unsigned);
typedef void (*plan_op_fn)(void *);
static struct {
    int tried;
    malloc_fn fmalloc;
    free_fn ffree;
    plan_fn plan;
    plan_op_fn execute, destroy;
    const char *version;
} system_fftw;

static int load_system_fftw(void) {
    if (system_fftw.tried) return system_fftw.plan != NULL;
    system_fftw.tried = 1;
    void *h = dlopen("/usr/lib/x86_64-linux-gnu/libfftw3f.so.3", RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
    if (!h) h = dlopen("libfftw3f.so.3", RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
    if (!h) return 0;
    system_fftw.fmalloc = (malloc_fn)dlsym(h, "fftwf_malloc");
    system_fftw.ffree = (free_fn)dlsym(h, "fftwf_free");
    system_fftw.execute = (plan_op_fn)dlsym(h, "fftwf_execute");
    system_fftw.destroy = (plan_op_fn)dlsym(h, "fftwf_destroy_plan");
    system_fftw.version = (const char *)dlsym(h, "fftwf_version");
    plan_fn plan = (plan_fn)dlsym(h, "fftwf_plan_dft_1d");
    if (!system_fftw.fmalloc || !system_fftw.ffree || !system_fftw.execute || !system_fftw.destroy) return 0;
    system_fftw.plan = plan;
    return plan != NULL;
}

const char *baseline_fftw_system_version(void) {
    return load_system_fftw() && system_fftw.version ? system_fftw.version : "";
}

size_t baseline_fftw_welch_system(const float *x, size_t samples, int nfft, int hop, float *psd) {
    if (!load_system_fftw()) return 0;
    float *buf = system_fftw.fmalloc(sizeof(float) * 2 * (size_t)nfft);
    float *w = malloc(sizeof(float) * (size_t)nfft);
    void *p = system_fftw.plan(nfft, buf, buf, FFTW_FORWARD, FFTW_MEASURE);
    for (int i = 0; i < nfft; i++) w[i] = 0.5f - 0.5f * cosf(2.0f * (float)M_PI * (float)i / (float)nfft);
    memset(psd, 0, sizeof(float) * (size_t)nfft);
    size_t frames = 0;
    for (size_t start = 0; start + (size_t)nfft <= samples; start += (size_t)hop) {
        const float *f = x + 2 * start;
        for (int i = 0; i < nfft; i++) {
            buf[2 * i] = f[2 * i] * w[i];
            buf[2 * i + 1] = f[2 * i + 1] * w[i];
        }
        system_fftw.execute(p);
        for (int k = 0; k < nfft; k++) psd[k] += buf[2 * k] * buf[2 * k] + buf[2 * k + 1] * buf[2 * k + 1];
        frames++;
    }
    system_fftw.destroy(p);
    system_fftw.ffree(buf);
    free(w);
    return frames;
}

size_t baseline_fftw_welch_mmap(const char *path, int nfft, int hop, float *psd) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) return 0;
    struct stat st;
    if (fstat(fd, &st) != 0 || st.st_size < 8) {
        close(fd);
        return 0;
    }
    size_t bytes = (size_t)st.st_size;
    void *map = mmap(NULL, bytes, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (map == MAP_FAILED) return 0;
    madvise(map, bytes, MADV_SEQUENTIAL);
    size_t frames = baseline_fftw_welch((const float *)map, bytes / 8, nfft, hop, psd);
    munmap(map, bytes);
    return frames;
}
