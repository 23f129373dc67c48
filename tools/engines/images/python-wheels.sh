# shellcheck shell=bash disable=SC2034  # sourced by images.sh, which reads image_*
# mikrocloud/python-wheels:3.11-slim: the python:3.11-slim stand-in (python.sh) plus a local
# wheel index at /opt/wheels, which pip uses instead of PyPI (PIP_NO_INDEX, PIP_FIND_LINKS), so
# `pip install -r requirements.txt` naming Django, gunicorn, FastAPI or uvicorn really installs
# them offline. No index can be reached from the project's machines, so the wheels are made here
# from Debian's packages of those frameworks (bookworm: Django 3.2, FastAPI 0.92, uvicorn 0.17,
# gunicorn 20.1): each package's files under dist-packages, its entry points, and the
# dependencies listed below (Debian's own metadata leaves some out), and the time zone data
# Debian's pytz reads. Pure Python only: like
# python.sh, no compiler goes in. Builds set it as the python image (`[build.base_images] python`).
image_ref="docker.io/mikrocloud/python-wheels:3.11-slim"

# shellcheck source-path=SCRIPTDIR source=python.sh
source "$(dirname "${BASH_SOURCE[0]}")/python.sh"
image_ref="docker.io/mikrocloud/python-wheels:3.11-slim"
# The base recipe's functions, kept under other names (this recipe redefines both).
eval "python_base_$(declare -f image_context)"
eval "python_base_$(declare -f image_fingerprint)"

# distribution  Debian package(s, joined by +)  runtime dependencies (distribution names)
python_wheels=(
  "Django python3-django asgiref pytz sqlparse"
  "asgiref python3-asgiref"
  "pytz python3-tz"
  "sqlparse python3-sqlparse"
  "gunicorn python3-gunicorn setuptools"
  "setuptools python3-setuptools+python3-pkg-resources"
  "fastapi python3-fastapi pydantic starlette typing_extensions"
  "pydantic python3-pydantic typing_extensions"
  "starlette python3-starlette anyio typing_extensions"
  "anyio python3-anyio idna sniffio"
  "idna python3-idna"
  "sniffio python3-sniffio"
  "typing_extensions python3-typing-extensions"
  "uvicorn python3-uvicorn asgiref click h11"
  "click python3-click"
  "h11 python3-h11"
)
wheel_packages() { local line; for line in "${python_wheels[@]}"; do read -r _ pkg _ <<<"$line"; printf '%s\n' "${pkg//+/$'\n'}"; done; }
mapfile -t image_apt_packages < <(printf '%s\n' "${image_apt_packages[@]}" tzdata; wheel_packages)

image_fingerprint() {
  python_base_image_fingerprint
  sha256sum "$(dirname "${BASH_SOURCE[0]}")/python.sh"
  # shellcheck disable=SC2046
  dpkg-query -W -f='${Package} ${Version}\n' tzdata $(wheel_packages)
  printf '%s\n' "${python_wheels[@]}"
}

image_context() {
  local dir="$1"
  python_base_image_context "$dir"
  # Debian's pytz (Django 3.2 needs it) reads the system's time zones, as in the official slim image.
  mkdir -p "$dir/rootfs/usr/share"
  cp -a /usr/share/zoneinfo "$dir/rootfs/usr/share/zoneinfo"
  mkdir -p "$dir/rootfs/opt/wheels"
  cat >"$dir/make-wheels.py" <<'PY'
import base64, csv, hashlib, importlib.metadata as md, io, os, subprocess, sys, zipfile
out = sys.argv[1]
SITE = '/usr/lib/python3/dist-packages/'
for line in sys.stdin.read().split('\n'):
    if not line.strip():
        continue
    name, package, *deps = line.split()
    dist = md.distribution(name)
    version = dist.version
    files = [f for f in subprocess.run(['dpkg', '-L', *package.split('+')], check=True, capture_output=True, text=True).stdout.split('\n')
             if f.startswith(SITE) and os.path.isfile(f) and '__pycache__' not in f
             and not f[len(SITE):].split('/')[0].endswith(('.egg-info', '.dist-info'))]
    if not files:
        sys.exit(f'{package} has no files under {SITE}')
    if any(f.endswith('.so') for f in files):
        sys.exit(f'{package} holds compiled modules; only pure-Python wheels are made here')
    stem = f"{name.replace('-', '_')}-{version}"
    info = f'{stem}.dist-info'
    meta = [f'Metadata-Version: 2.1', f'Name: {name}', f'Version: {version}', f'Summary: {name} from the Debian package {package}']
    meta += [f'Requires-Dist: {d}' for d in deps]
    extra = {f'{info}/METADATA': '\n'.join(meta) + '\n',
             f'{info}/WHEEL': 'Wheel-Version: 1.0\nGenerator: mikrocloud tools/engines\nRoot-Is-Purelib: true\nTag: py3-none-any\n'}
    entry_points = dist.read_text('entry_points.txt')
    if entry_points:
        extra[f'{info}/entry_points.txt'] = entry_points
    record = io.StringIO()
    writer = csv.writer(record, lineterminator='\n')
    wheel = os.path.join(out, f'{stem}-py3-none-any.whl')
    with zipfile.ZipFile(wheel, 'w', zipfile.ZIP_DEFLATED) as z:
        def add(arcname, data):
            z.writestr(zipfile.ZipInfo(arcname, date_time=(2020, 1, 1, 0, 0, 0)), data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b'=').decode()
            writer.writerow([arcname, f'sha256={digest}', len(data)])
        for f in sorted(files):
            with open(f, 'rb') as fh:
                add(f[len(SITE):], fh.read())
        for arcname, text in extra.items():
            add(arcname, text.encode())
        writer.writerow([f'{info}/RECORD', '', ''])
        z.writestr(zipfile.ZipInfo(f'{info}/RECORD', date_time=(2020, 1, 1, 0, 0, 0)), record.getvalue())
PY
  printf '%s\n' "${python_wheels[@]}" | /usr/bin/python3 "$dir/make-wheels.py" "$dir/rootfs/opt/wheels" || die "python-wheels: making the wheels failed"
  rm -f "$dir/make-wheels.py"
  [ "$(find "$dir/rootfs/opt/wheels" -name '*.whl' | wc -l)" -eq ${#python_wheels[@]} ] || die "python-wheels: not every wheel was made"
  cat >>"$dir/Dockerfile" <<'DOCKERFILE'
ENV PIP_NO_INDEX=1 \
    PIP_FIND_LINKS=/opt/wheels
DOCKERFILE
}
