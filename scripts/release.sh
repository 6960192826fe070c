#!/usr/bin/env bash
# Cuts a release of the version in package.json, from HEAD:
#   1. the tree is clean (no change to a tracked file, no untracked file);
#   2. package.json's version is X.Y.Z, package-lock.json says the same, and CHANGELOG.md has a
#      non-empty `## [X.Y.Z] - YYYY-MM-DD` section;
#   3. the tag vX.Y.Z exists neither here nor on the remote;
#   4. dist/ is the build of src/ (npm run build changes nothing; dist/ is put back either way);
# then it tags HEAD vX.Y.Z (annotated), moves the major tag vX to the same commit and pushes both
# in one atomic push. The release workflow (.github/workflows/release.yml) then publishes the
# GitHub release with the changelog's section.
#
#   scripts/release.sh [--dry-run] [--remote NAME]   (default remote: origin)
#   scripts/release.sh --notes [X.Y.Z]               print the changelog section (default: package.json's)
#
# --dry-run does every check and prints the commands it would run, changing nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'release: %s\n' "$*"; }
fail() {
  printf 'release: %s\n' "$*" >&2
  exit 1
}

# The body of CHANGELOG.md's `## [X.Y.Z] - date` section, without its heading and trailing blank lines.
notes() { # VERSION
  awk -v v="$1" '
    /^## \[/ { if (found) exit; if (index($0, "## [" v "]") == 1) { found = 1; next } }
    /^\[[^]]+\]: / { if (found) exit }
    found { lines[++n] = $0 }
    END { while (n > 0 && lines[n] ~ /^[[:space:]]*$/) n--; s = 1; while (s <= n && lines[s] ~ /^[[:space:]]*$/) s++; for (i = s; i <= n; i++) print lines[i] }
  ' CHANGELOG.md
}

package_version() { node -p "require('./package.json').version"; }

dry=0
remote=origin
while [ $# -gt 0 ]; do
  case "$1" in
    --dry-run) dry=1 ;;
    --remote)
      [ $# -ge 2 ] || fail "--remote needs a name"
      remote=$2
      shift
      ;;
    --notes)
      version=${2:-$(package_version)}
      body=$(notes "$version")
      [ -n "$body" ] || fail "CHANGELOG.md has no section for $version"
      printf '%s\n' "$body"
      exit 0
      ;;
    -h | --help)
      sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *) fail "unknown argument: $1 (see --help)" ;;
  esac
  shift
done

git rev-parse --git-dir > /dev/null 2>&1 || fail "not in a git repository"
head=$(git rev-parse HEAD)
branch=$(git rev-parse --abbrev-ref HEAD)

# 1. A clean tree: the release is exactly the commit that gets tagged.
if [ -n "$(git status --porcelain --untracked-files=all)" ]; then
  git status --short --untracked-files=all >&2
  fail "the tree is not clean: commit or stash the changes above first"
fi
say "ok: the tree is clean ($branch at ${head:0:12})"

# 2. The version, in package.json, package-lock.json and CHANGELOG.md.
version=$(package_version)
[[ $version =~ ^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$ ]] ||
  fail "package.json's version '$version' is not X.Y.Z (no pre-release or build suffix)"
lock_version=$(node -p "require('./package-lock.json').version")
[ "$lock_version" = "$version" ] || fail "package-lock.json says $lock_version, package.json $version: run npm install"
tag=v$version
major=v${version%%.*}
grep -Eq "^## \[$version\] - [0-9]{4}-[0-9]{2}-[0-9]{2}[[:space:]]*$" CHANGELOG.md ||
  fail "CHANGELOG.md has no '## [$version] - YYYY-MM-DD' section (move the Unreleased entries there)"
[ -n "$(notes "$version")" ] || fail "CHANGELOG.md's section for $version is empty"
say "ok: version $version in package.json, package-lock.json and CHANGELOG.md"

# 3. A tag is never moved once pushed (releases are immutable); only the major tag moves.
git rev-parse -q --verify "refs/tags/$tag" > /dev/null && fail "the tag $tag exists already here"
git remote get-url "$remote" > /dev/null 2>&1 || fail "no remote '$remote' (use --remote NAME)"
set +e
git ls-remote --exit-code --tags "$remote" "refs/tags/$tag" > /dev/null 2>&1
found=$?
set -e
case $found in
  0) fail "the tag $tag exists already on $remote" ;;
  2) ;;
  *) fail "could not list the tags of $remote (git ls-remote exit $found)" ;;
esac
say "ok: no tag $tag here or on $remote"

# 4. dist/ is what the runner executes: it must be the build of this very commit.
[ -d node_modules ] || fail "node_modules/ is missing: run npm ci first"
npm run --silent build > /dev/null
if [ -n "$(git status --porcelain --untracked-files=all -- dist)" ]; then
  git --no-pager diff --stat -- dist >&2
  git status --short --untracked-files=all -- dist >&2
  git checkout -q -- dist
  git clean -fdq -- dist
  fail "dist/ is not the build of src/: run 'npm run build' and commit dist/"
fi
say "ok: dist/ is the build of src/"

commands=(
  "git tag -a $tag -m 'Deckhand $tag' $head"
  "git tag -f $major $head"
  "git push --atomic $remote refs/tags/$tag +refs/tags/$major"
)
if [ $dry = 1 ]; then
  say "dry run: every check passed; a release would run:"
  printf '  %s\n' "${commands[@]}"
  exit 0
fi
git tag -a "$tag" -m "Deckhand $tag" "$head"
git tag -f "$major" "$head" > /dev/null
git push --atomic "$remote" "refs/tags/$tag" "+refs/tags/$major"
say "tagged ${head:0:12} $tag and moved $major to it, pushed to $remote"
