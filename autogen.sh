#!/bin/sh
# Generates configure and the Makefile templates.
set -e
srcdir=$(dirname "$0")
cd "$srcdir"
autoreconf --force --install --verbose
