# Sourced by the thread benchmarks: signs in as the bench admin on $BASE and seeds the debate they
# all read, a 200-post thread whose replies nest at random, so every benchmark measures the same shape.
# Sets TOKEN (the admin's bearer token) and THREAD (the thread's id). Needs curl and jq.
json() { curl -sf -H 'Content-Type: application/json' -H "Authorization: Bearer $TOKEN" "$@"; }

seed_debate() {
  TOKEN=$(curl -sf -H 'Content-Type: application/json' -d '{"login":"benchadmin","password":"bench-admin-password"}' \
    "$BASE/api/auth/login" | jq -r .token)
  json -d '{"slug":"bench","name":"Bench","description":"","visibility":"public"}' "$BASE/api/spaces" >/dev/null
  THREAD=$(json -d '{"space":"bench","title":"A busy debate","body":"Opening post with **markdown**."}' "$BASE/api/threads" | jq -r .id)
  local first parent id i
  first=$(json "$BASE/api/threads/$THREAD/posts?limit=1" | jq -r '.items[0].id')
  local parents=("$first")
  for i in $(seq 1 199); do
    parent=${parents[$((RANDOM % ${#parents[@]}))]}
    id=$(json -d "{\"body\":\"Reply $i: a point with a [link](https://example.com) and @benchadmin.\",\"parentId\":$parent}" \
      "$BASE/api/threads/$THREAD/posts" | jq -r .id)
    parents+=("$id")
  done
}
