import { pkg, type ParityExample } from './corpus-types.js';

const pip = 'python -m venv --copies /opt/venv && . /opt/venv/bin/activate && pip install -r requirements.txt';
const mainNoApp = 'import os\n\nprint("hello from python")\n';
const djangoManage = "import os\nimport sys\n\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n";
const wsgi = "from django.core.wsgi import get_wsgi_application\n\napplication = get_wsgi_application()\n";

/** Nixpacks' Python examples. */
export const PYTHON_EXAMPLES: ParityExample[] = [
  { name: 'python', family: 'python', files: { 'requirements.txt': 'requests\n', 'main.py': mainNoApp }, nixpacks: { provider: 'python', install: pip, start: 'python main.py' } },
  { name: 'python-deps', family: 'python', files: { 'requirements.txt': 'numpy==1.24.0\npandas\n', 'main.py': mainNoApp }, nixpacks: { provider: 'python', install: pip, start: 'python main.py' } },
  { name: 'python-numpy', family: 'python', files: { 'requirements.txt': 'numpy\n', 'main.py': mainNoApp }, nixpacks: { provider: 'python', install: pip, start: 'python main.py' } },
  { name: 'python-postgres', family: 'python', files: { 'requirements.txt': 'psycopg2\n', 'main.py': mainNoApp }, nixpacks: { provider: 'python', install: pip, start: 'python main.py' } },
  { name: 'python-psycopg2', family: 'python', files: { 'requirements.txt': 'psycopg2-binary\n', 'main.py': mainNoApp, 'database.py': '' }, nixpacks: { provider: 'python', install: pip, start: 'python main.py' } },
  { name: 'python-2-runtime', family: 'python', files: { 'runtime.txt': 'python-2.7\n', 'requirements.txt': '', 'main.py': 'print "hi"\n' }, nixpacks: { provider: 'python', start: 'python main.py' } },
  { name: 'python-procfile', family: 'python', files: { 'requirements.txt': 'requests\n', Procfile: 'web: python src/main.py\n', 'src/main.py': mainNoApp }, nixpacks: { provider: 'python', install: pip, start: 'python src/main.py' } },
  {
    name: 'python-django',
    family: 'python',
    files: { 'requirements.txt': 'Django==4.1\ngunicorn\n', 'manage.py': djangoManage.replace('mysite', 'python_django'), 'python_django/wsgi.py': wsgi, 'python_django/settings.py': "WSGI_APPLICATION = 'python_django.wsgi.application'\n" },
    nixpacks: { provider: 'python', install: pip, start: 'python manage.py migrate && gunicorn python_django.wsgi' },
  },
  {
    name: 'python-django-mysql',
    family: 'python',
    files: { 'requirements.txt': 'Django\nmysqlclient\ngunicorn\n', 'manage.py': djangoManage, 'mysite/settings.py': "WSGI_APPLICATION = 'mysite.wsgi.application'\n", 'mysite/wsgi.py': wsgi },
    nixpacks: { provider: 'python', install: pip, start: 'python manage.py migrate && gunicorn mysite.wsgi' },
  },
  {
    name: 'python-django-pipfile',
    family: 'python',
    files: { Pipfile: '[packages]\ndjango = "*"\ngunicorn = "*"\n', 'Pipfile.lock': JSON.stringify({ default: { django: { version: '==4.1' }, gunicorn: { version: '==20.1.0' } } }), 'manage.py': djangoManage, 'mysite/wsgi.py': wsgi },
    nixpacks: { provider: 'python', install: 'python -m venv --copies /opt/venv && . /opt/venv/bin/activate && pip install pipenv==$NIXPACKS_PIPENV_VERSION && pipenv install --deploy --ignore-pipfile', start: 'python manage.py migrate && gunicorn mysite.wsgi' },
  },
  {
    name: 'python-pipfile',
    family: 'python',
    files: { Pipfile: '[packages]\nrequests = "*"\n', 'Pipfile.lock': JSON.stringify({ default: { requests: { version: '==2.28.1' } } }), 'main.py': mainNoApp },
    nixpacks: { provider: 'python', install: 'python -m venv --copies /opt/venv && . /opt/venv/bin/activate && pip install pipenv==$NIXPACKS_PIPENV_VERSION && pipenv install --deploy --ignore-pipfile', start: 'python main.py' },
  },
  {
    name: 'python-poetry',
    family: 'python',
    files: { 'pyproject.toml': '[tool.poetry]\nname = "python-poetry"\n\n[tool.poetry.dependencies]\npython = "^3.8"\nrequests = "^2.28"\n', 'poetry.lock': '[[package]]\nname = "requests"\nversion = "2.28.1"\ncategory = "main"\n', 'main.py': mainNoApp },
    nixpacks: { provider: 'python', install: 'python -m venv --copies /opt/venv && . /opt/venv/bin/activate && pip install poetry==$NIXPACKS_POETRY_VERSION && poetry install --no-dev --no-interaction --no-ansi', start: 'python main.py' },
  },
  {
    name: 'python-asdf-poetry',
    family: 'python',
    files: { '.tool-versions': 'python 3.10.0\npoetry 1.2.0\n', 'pyproject.toml': '[tool.poetry]\nname = "asdf"\n\n[tool.poetry.dependencies]\npython = "^3.10"\nrequests = "^2.28"\n', 'poetry.lock': '[[package]]\nname = "requests"\nversion = "2.28.1"\n', 'main.py': mainNoApp },
    nixpacks: { provider: 'python', install: 'python -m venv --copies /opt/venv && . /opt/venv/bin/activate && pip install poetry==$NIXPACKS_POETRY_VERSION && poetry install --no-dev --no-interaction --no-ansi', start: 'python main.py' },
  },
  {
    name: 'python-pdm',
    family: 'python',
    files: { 'pyproject.toml': '[project]\nname = "python-pdm"\ndependencies = ["requests>=2"]\n\n[tool.pdm]\n', 'pdm.lock': '[[package]]\nname = "requests"\nversion = "2.31.0"\n', 'main.py': mainNoApp },
    nixpacks: { provider: 'python', install: 'python -m venv --copies /opt/venv && . /opt/venv/bin/activate && pip install pdm==$NIXPACKS_PDM_VERSION && pdm install --prod', start: 'python main.py' },
  },
  {
    name: 'python-uv',
    family: 'python',
    files: { 'pyproject.toml': '[project]\nname = "python-uv"\ndependencies = ["requests>=2"]\n', 'uv.lock': 'version = 1\n\n[[package]]\nname = "python-uv"\nversion = "0.1.0"\nsource = { virtual = "." }\n\n[[package]]\nname = "requests"\nversion = "2.32.3"\nsource = { registry = "https://pypi.org/simple" }\n', 'main.py': mainNoApp },
    nixpacks: { provider: 'python', install: 'python -m venv --copies /opt/venv && . /opt/venv/bin/activate && pip install uv==$NIXPACKS_UV_VERSION && uv sync --no-dev --frozen', start: 'python -m python-uv' },
  },
  {
    name: 'python-setuptools',
    family: 'python',
    files: { 'pyproject.toml': '[build-system]\nrequires = ["setuptools"]\n\n[project]\nname = "nixpacks-setuptools"\n', 'nixpacks-setuptools/__main__.py': mainNoApp },
    nixpacks: { provider: 'python', install: 'python -m venv --copies /opt/venv && . /opt/venv/bin/activate && pip install --upgrade build setuptools && pip install .', start: 'python -m nixpacks-setuptools' },
  },
  {
    name: 'python-fastapi',
    family: 'python',
    files: { 'requirements.txt': 'fastapi\nuvicorn\n', 'main.py': 'from fastapi import FastAPI\n\napp = FastAPI()\n' },
    nixpacks: { provider: 'python', install: pip, start: 'uvicorn main:app --host 0.0.0.0 --port $PORT' },
  },
];

const goMod = (version = '1.19') => `module example.com/app\n\ngo ${version}\n`;
const mainGo = 'package main\n\nfunc main() {}\n';

/** Nixpacks' Go examples. */
export const GO_EXAMPLES: ParityExample[] = [
  { name: 'go', family: 'go', files: { 'main.go': mainGo }, nixpacks: { provider: 'go', build: 'go build -o out main.go', start: './out' } },
  { name: 'go-cgo-enabled', family: 'go', files: { 'main.go': mainGo }, nixpacks: { provider: 'go', build: 'go build -o out main.go', start: './out' } },
  { name: 'go-mod', family: 'go', files: { 'go.mod': `${goMod()}\nrequire github.com/gorilla/mux v1.8.0\n`, 'go.sum': '', 'main.go': mainGo }, nixpacks: { provider: 'go', install: 'go mod download', build: 'go build -o out', start: './out' } },
  { name: 'go-gin', family: 'go', files: { 'go.mod': `${goMod('1.18')}\nrequire github.com/gin-gonic/gin v1.8.1\n`, 'go.sum': '', 'main.go': mainGo }, nixpacks: { provider: 'go', install: 'go mod download', build: 'go build -o out', start: './out' } },
  { name: 'go-cmd', family: 'go', files: { 'go.mod': goMod(), 'cmd/server/main.go': mainGo, 'internal/x.go': 'package internal\n' }, nixpacks: { provider: 'go', install: 'go mod download', build: 'go build -o out ./cmd/server', start: './out' } },
  { name: 'go-custom-version', family: 'go', files: { 'go.mod': goMod('1.18'), 'main.go': mainGo }, nixpacks: { provider: 'go', install: 'go mod download', build: 'go build -o out', start: './out' } },
  { name: 'go-v123', family: 'go', files: { 'go.mod': goMod('1.23'), 'main.go': mainGo }, nixpacks: { provider: 'go', install: 'go mod download', build: 'go build -o out', start: './out' } },
];

/** Nixpacks' static-site example. */
export const STATIC_EXAMPLES: ParityExample[] = [
  {
    name: 'staticfile',
    family: 'static',
    files: { Staticfile: 'root: site\n', 'site/index.html': '<h1>hi</h1>' },
    nixpacks: { provider: 'staticfile', build: 'mkdir /etc/nginx/ /var/log/nginx/ /var/cache/nginx/', start: 'nginx -c /assets/nginx.conf' },
  },
];

/** Examples of languages without a provider here: each must be refused, naming what was seen. */
export const OTHER_EXAMPLES: ParityExample[] = [
  { name: 'php-laravel', family: 'other', recognised: 'PHP', files: { 'composer.json': '{"require":{"laravel/framework":"^10"}}', artisan: '', 'package.json': pkg({ scripts: { dev: 'vite', build: 'vite build' } }), 'public/index.php': '' }, nixpacks: { provider: 'php' } },
  { name: 'php-laravel-inertia', family: 'other', recognised: 'PHP', files: { 'composer.json': '{}', artisan: '', 'package.json': pkg({ scripts: { build: 'vite build' } }), 'package-lock.json': '{}' }, nixpacks: { provider: 'php' } },
  { name: 'php-api', family: 'other', recognised: 'PHP', files: { 'composer.json': '{}', 'public/index.php': '' }, nixpacks: { provider: 'php' } },
  { name: 'php-vanilla', family: 'other', recognised: 'PHP', files: { 'index.php': '<?php echo "hi";' }, nixpacks: { provider: 'php' } },
  { name: 'ruby-with-node', family: 'other', recognised: 'Ruby', files: { Gemfile: "source 'https://rubygems.org'\n", 'Gemfile.lock': '', 'package.json': pkg({ scripts: { build: 'webpack' } }), 'yarn.lock': '' }, nixpacks: { provider: 'ruby' } },
  { name: 'ruby-rails-postgres', family: 'other', recognised: 'Ruby', files: { Gemfile: "gem 'rails'\n", 'Gemfile.lock': '', 'config.ru': '', 'public/robots.txt': '' }, nixpacks: { provider: 'ruby' } },
  { name: 'ruby-sinatra', family: 'other', recognised: 'Ruby', files: { Gemfile: "gem 'sinatra'\n", 'app.rb': '' }, nixpacks: { provider: 'ruby' } },
  { name: 'rust-rocket', family: 'other', recognised: 'Rust', files: { 'Cargo.toml': '[package]\nname = "rocket"\n', 'src/main.rs': '' }, nixpacks: { provider: 'rust' } },
  { name: 'java-maven', family: 'other', recognised: 'Java', files: { 'pom.xml': '<project/>', 'src/main/java/App.java': '' }, nixpacks: { provider: 'java' } },
  { name: 'java-gradle', family: 'other', recognised: 'Java', files: { 'build.gradle': '', gradlew: '' }, nixpacks: { provider: 'java' } },
  { name: 'elixir-phx', family: 'other', recognised: 'Elixir', files: { 'mix.exs': '', 'package.json': pkg({}) }, nixpacks: { provider: 'elixir' } },
  { name: 'deno', family: 'other', recognised: 'Deno', files: { 'deno.json': '{}', 'src/index.ts': '' }, nixpacks: { provider: 'deno' } },
  { name: 'csharp-api', family: 'other', recognised: '.NET', files: { 'csharp-api.csproj': '<Project/>', 'Program.cs': '' }, nixpacks: { provider: 'csharp' } },
  { name: 'dart', family: 'other', recognised: 'Dart', files: { 'pubspec.yaml': 'name: console_simple\n', 'bin/console_simple.dart': '' }, nixpacks: { provider: 'dart' } },
  { name: 'crystal', family: 'other', recognised: 'Crystal', files: { 'shard.yml': 'name: crystal\n', 'src/main.cr': '' }, nixpacks: { provider: 'crystal' } },
  { name: 'haskell-stack', family: 'other', recognised: 'Haskell', files: { 'stack.yaml': '', 'package.yaml': '' }, nixpacks: { provider: 'haskell' } },
  { name: 'swift', family: 'other', recognised: 'Swift', files: { 'Package.swift': '', 'Sources/main.swift': '' }, nixpacks: { provider: 'swift' } },
  { name: 'zig', family: 'other', recognised: 'Zig', files: { 'build.zig': '' }, nixpacks: { provider: 'zig' } },
  { name: 'clojure', family: 'other', recognised: 'Clojure', files: { 'project.clj': '' }, nixpacks: { provider: 'clojure' } },
  { name: 'gleam', family: 'other', recognised: 'Gleam', files: { 'gleam.toml': 'name = "app"\n' }, nixpacks: { provider: 'gleam' } },
  { name: 'scala-sbt', family: 'other', recognised: 'Scala', files: { 'build.sbt': '' }, nixpacks: { provider: 'scala' } },
  { name: 'cobol', family: 'other', recognised: 'COBOL', files: { 'index.cbl': '' }, nixpacks: { provider: 'cobol' } },
];
