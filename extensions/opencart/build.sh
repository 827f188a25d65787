#!/bin/sh
# Builds the OpenCart packages from src/:
#   koppel-oc3.ocmod.zip  OpenCart 3.0.x (Extensions › Installer), upload/ layout
#   koppel.ocmod.zip      OpenCart 4.0.x / 4.1.x; the name makes the extension folder "koppel"
# Usage: build.sh [OUTDIR]   (default: dist/ next to this script)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/dist}

command -v zip >/dev/null 2>&1 || { echo "build.sh: the zip command is missing" >&2; exit 1; }

mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

copy_library() {
    mkdir -p "$1"
    cp "$here"/src/lib/*.php "$1/"
}

copy_language() {
    for language in en-gb nl-nl; do
        mkdir -p "$1/$language/$2"
        cp "$here/src/language/$language.php" "$1/$language/$2/koppel.php"
    done
}

# Same timestamps and entry order on every build.
pack() {
    zip_file=$1
    shift
    find "$work" -exec touch -h -d '2026-01-01 00:00:00' {} +
    rm -f "$zip_file"
    find "$@" -type f | LC_ALL=C sort | zip -q -X -D "$zip_file" -@
}

# OpenCart 3.0: everything under upload/, only in directories the installer accepts.
mkdir -p "$work/oc3"
cp -R "$here/src/oc3/upload" "$work/oc3/"
copy_library "$work/oc3/upload/system/library/koppel"
copy_language "$work/oc3/upload/admin/language" extension/module
(cd "$work/oc3" && pack "$out/koppel-oc3.ocmod.zip" upload)

# OpenCart 4.x: install.json at the root, then admin/, catalog/, system/ of extension/koppel/.
mkdir -p "$work/oc4"
cp -R "$here/src/oc4/." "$work/oc4/"
copy_library "$work/oc4/system/library/koppel"
copy_language "$work/oc4/admin/language" module
(cd "$work/oc4" && pack "$out/koppel.ocmod.zip" install.json admin catalog system)

echo "$out/koppel-oc3.ocmod.zip"
echo "$out/koppel.ocmod.zip"
