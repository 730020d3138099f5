#!/usr/bin/env bash
# Reference values of ITU-R P.1411 §4.3.1 (site-general, terminals near street level) from
# the reference MATLAB/Octave implementation by I. Stevanovic (ITU-R SG3 software,
# repository eeveetza/p1411, matlab/tl_p1411_lowheight.m), run in GNU Octave with its own
# erfinv standing in for the statistics package's norminv.
# Usage: scripts/make_p1411_fixture.sh /path/to/tl_p1411_lowheight.m COMMIT > Tests/Fixtures/p1411_lowheight.json
set -euo pipefail
reference="$1"; commit="$2"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
cp "$reference" "$work/tl_p1411_lowheight.m"
cat > "$work/norminv.m" <<'M'
function x = norminv(p, mu, sigma)
  if nargin < 2, mu = 0; end
  if nargin < 3, sigma = 1; end
  x = mu + sigma .* sqrt(2) .* erfinv(2 .* p - 1);
end
M
cat > "$work/gen.m" <<'M'
f = [300 900 1800 3000]; d = [5 30 50 60 100 300 1000 3000]; p = [1 10 50 90 99];
first = true;
for fi = f, for di = d, for ty = 1:3, for pi = p
  L = tl_p1411_lowheight(fi, di, ty, pi);
  if ~first, fprintf(',\n'); end
  first = false;
  fprintf('  {"frequency_mhz": %g, "distance_m": %g, "environment": %d, "p_percent": %g, "loss_db": %.6f}', fi, di, ty, pi, L);
end, end, end, end
fprintf('\n');
M
echo "{\"source\": \"ITU-R P.1411 §4.3.1 reference implementation (eeveetza/p1411 matlab/tl_p1411_lowheight.m at commit $commit) run in GNU Octave $(octave-cli --version | head -1 | awk '{print $NF}'); environment 1 suburban, 2 urban, 3 dense urban\", \"values\": ["
(cd "$work" && octave-cli -q gen.m 2>/dev/null)
echo "]}"
