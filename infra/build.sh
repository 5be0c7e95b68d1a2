#!/usr/bin/env bash
# Builds and lints the Bicep in infra/ with a pinned Bicep CLI from NuGet, and fails on any warning or
# error diagnostic: the CLI itself exits 0 on warnings, so its output is checked here.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
version="0.49.2"

# The CLI ships inside a NuGet package; a throwaway project restores it into the standard NuGet cache.
dotnet restore "$here/tools/BicepCli.csproj" --verbosity quiet >/dev/null
packages="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
bicep="$packages/azure.bicep.commandline.linux-x64/$version/tools/bicep"
if [ ! -f "$bicep" ]; then
  echo "infra/build.sh: Bicep CLI $version not found at $bicep after restore" >&2
  exit 1
fi
chmod +x "$bicep"
echo "$("$bicep" --version)"

out="$here/out"
rm -rf "$out"
mkdir -p "$out"
log="$out/diagnostics.txt"
: >"$log"

status=0
run() {
  echo "bicep $*"
  if ! "$bicep" "$@" >>"$log" 2>&1; then
    status=1
  fi
}

run build "$here/main.bicep" --outfile "$out/main.json"
run build-params "$here/main.bicepparam" --outfile "$out/main.parameters.json"
run lint "$here/main.bicep"
for module in "$here"/modules/*.bicep; do
  run lint "$module"
done

cat "$log"
if grep -Eq ': (Warning|Error) ' "$log"; then
  echo "infra/build.sh: Bicep reported the diagnostics above; fix them (warnings count)." >&2
  status=1
fi
if [ "$status" -ne 0 ]; then
  echo "infra/build.sh: FAILED" >&2
  exit 1
fi
echo "infra/build.sh: Bicep build and lint clean"
