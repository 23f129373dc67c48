import type { ViewEntry, WorkspaceView } from './workspace-view.js';

/** A language this buildpack has no provider for, and the root files that reveal it. */
interface ForeignLanguage {
  language: string;
  files?: string[];
  extensions?: string[];
}

/**
 * Languages Nixpacks supports and this planner does not. They are checked before the providers:
 * a Laravel app carries a package.json for its assets, a Rails app a `public/` folder, and
 * neither is a Node.js app or a static site.
 */
const FOREIGN: readonly ForeignLanguage[] = [
  { language: 'PHP', files: ['composer.json', 'index.php', 'artisan'] },
  { language: 'Ruby', files: ['Gemfile', 'config.ru'] },
  { language: 'Rust', files: ['Cargo.toml'] },
  { language: 'Java', files: ['pom.xml', 'build.gradle', 'build.gradle.kts', 'gradlew', 'mvnw'] },
  { language: 'Scala', files: ['build.sbt'] },
  { language: 'Clojure', files: ['project.clj', 'deps.edn'] },
  { language: 'Elixir', files: ['mix.exs'] },
  { language: 'Erlang', files: ['rebar.config'] },
  { language: 'Gleam', files: ['gleam.toml'] },
  { language: 'Deno', files: ['deno.json', 'deno.jsonc'] },
  { language: '.NET', extensions: ['.csproj', '.fsproj', '.sln'] },
  { language: 'Dart', files: ['pubspec.yaml'] },
  { language: 'Crystal', files: ['shard.yml'] },
  { language: 'Haskell', files: ['stack.yaml'], extensions: ['.cabal'] },
  { language: 'Swift', files: ['Package.swift'] },
  { language: 'Zig', files: ['build.zig'] },
  { language: 'Nim', extensions: ['.nimble'] },
  { language: 'COBOL', extensions: ['.cbl', '.cob'] },
];

/** What was recognised: `{ language: 'PHP', marker: 'composer.json' }`. */
export interface ForeignApp {
  language: string;
  marker: string;
}

/** The first unsupported language whose markers are at the root of `view`, if any. */
export async function findForeignLanguage(view: WorkspaceView, root?: ViewEntry[]): Promise<ForeignApp | undefined> {
  const entries = (root ?? (await view.list('.'))).filter((e) => e.type === 'file');
  for (const lang of FOREIGN) {
    const marker =
      lang.files?.find((f) => entries.some((e) => e.name === f)) ?? entries.find((e) => lang.extensions?.some((x) => e.name.endsWith(x)))?.name;
    if (marker !== undefined) return { language: lang.language, marker };
  }
  return undefined;
}

/** The 422 message for a foreign app. */
export function foreignMessage(app: ForeignApp): string {
  const article = /^[AEIOU.]/.test(app.language) ? 'an' : 'a';
  return `${article} ${app.language} app (${app.marker}): no provider for ${app.language}; this buildpack plans Go, Node.js, Python and static sites (use a Dockerfile for others)`;
}
