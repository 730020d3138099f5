#!/usr/bin/env bash
# Builds FFTW 3.3.10 single precision for this machine from Debian's own source package
# (apt-get source fftw3) with every SIMD level the CPU reports in /proc/cpuinfo, and
# installs it under PREFIX (default .fftw-native/, git-ignored): the static, position-
# independent archive and, linked from it, libfftw3f.so.3 (Debian's soname and ABI).
# Sightline is then built against it through PKG_CONFIG_PATH into its own scratch path with
# PREFIX/lib as its run path (see `make fftw-native`): the linker may resolve -lfftw3f to
# Debian's library (other pkg-config entries put /usr/lib first), but the loader takes the
# native libfftw3f.so.3 from the run path. The default build stays on libfftw3-dev.
# Usage: scripts/fftw-native.sh [PREFIX]
set -euo pipefail
cd "$(dirname "$0")/.."
prefix="${1:-$PWD/.fftw-native}"
work="$prefix/src"
if [ -f "$prefix/lib/pkgconfig/fftw3f.pc" ] && [ -f "$prefix/lib/libfftw3f.so.3" ]; then
    echo "fftw-native: already installed in $prefix (remove it to rebuild)" >&2
    exit 0
fi

# The SIMD levels this CPU has.
flags=$(grep -m1 '^flags' /proc/cpuinfo || true)
simd=(--enable-sse2)
has() { [[ " $flags " == *" $1 "* ]]; }
has avx && simd+=(--enable-avx)
has avx2 && simd+=(--enable-avx2)
has fma && simd+=(--enable-fma)
has avx512f && simd+=(--enable-avx512)
echo "fftw-native: CPU SIMD levels: ${simd[*]}" >&2

shared_from_archive() {
    gcc -shared -o "$prefix/lib/libfftw3f.so.3" -Wl,-soname,libfftw3f.so.3 \
        -Wl,--whole-archive "$prefix/lib/libfftw3f.a" -Wl,--no-whole-archive -lm
    ln -sf libfftw3f.so.3 "$prefix/lib/libfftw3f.so"
}
if [ -f "$prefix/lib/libfftw3f.a" ] && [ -f "$prefix/lib/pkgconfig/fftw3f.pc" ]; then
    echo "fftw-native: linking libfftw3f.so.3 from the installed archive" >&2
    shared_from_archive
    exit 0
fi

# Debian's source package needs a deb-src entry; add one only if apt has none.
if ! apt-get source --print-uris fftw3 >/dev/null 2>&1; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "fftw-native: apt has no deb-src entry for fftw3; as root this script would add one" >&2
        exit 1
    fi
    list=/etc/apt/sources.list.d/sightline-deb-src.sources
    echo "fftw-native: apt has no deb-src entry: adding $list (deb-src for the suites in debian.sources)" >&2
    codename=$(. /etc/os-release && echo "$VERSION_CODENAME")
    printf 'Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: %s\nComponents: main\nSigned-By: %s\n' \
        "$codename" /usr/share/keyrings/debian-archive-keyring.gpg >"$list.partial"
    mv "$list.partial" "$list"
    apt-get update -qq
fi
command -v dpkg-source >/dev/null || { echo "fftw-native: installing dpkg-dev" >&2; apt-get install -y -qq dpkg-dev; }

mkdir -p "$work"
cd "$work"
if [ ! -d fftw3-3.3.10 ]; then
    apt-get source -qq fftw3 >&2
fi
src=$(find . -maxdepth 1 -type d -name 'fftw3-3.3.10*' | head -1)
[ -n "$src" ] || { echo "fftw-native: apt-get source fftw3 gave no fftw3-3.3.10 tree" >&2; exit 1; }
cd "$src"
echo "fftw-native: configuring in $PWD" >&2
./configure --prefix="$prefix" --enable-float --enable-threads "${simd[@]}" \
    --disable-shared --enable-static --with-pic --disable-fortran --disable-doc CFLAGS="-O3" >configure.log
echo "fftw-native: building (several minutes on two cores)" >&2
make -j"$(nproc)" >make.log 2>&1
make install >install.log 2>&1
shared_from_archive
echo "fftw-native: installed in $prefix (version string: $(strings "$prefix/lib/libfftw3f.a" | grep -m1 "^fftw-3" || true))" >&2
