#!/bin/sh
# Reelflow's namespace, created once (docker-compose.yml's temporal-namespace job, after the
# server is up; Reelflow and the UI start when this exits 0). Safe to run at every `up`: an
# existing namespace is left as it is. The `temporal` CLI reads TEMPORAL_ADDRESS itself.
set -eu
: "${TEMPORAL_ADDRESS:?}" "${TEMPORAL_NAMESPACE:?}"
retention=${TEMPORAL_NAMESPACE_RETENTION:-72h}
attempts=${TEMPORAL_WAIT_ATTEMPTS:-60}   # 2 s apart

attempt=1
until temporal operator cluster health --command-timeout 10s >/dev/null 2>&1; do
  if [ "$attempt" -ge "$attempts" ]; then
    echo "temporal-namespace: Temporal at ${TEMPORAL_ADDRESS} not serving after ${attempts} attempts" >&2
    exit 1
  fi
  echo "temporal-namespace: waiting for Temporal at ${TEMPORAL_ADDRESS} (attempt ${attempt}/${attempts})"
  attempt=$((attempt + 1))
  sleep 2
done

if temporal operator namespace describe --namespace "$TEMPORAL_NAMESPACE" >/dev/null 2>&1; then
  echo "temporal-namespace: ${TEMPORAL_NAMESPACE} exists"
  exit 0
fi
# A concurrent run may have created it meanwhile: "already exists" is success too.
if ! out=$(temporal operator namespace create --namespace "$TEMPORAL_NAMESPACE" --retention "$retention" 2>&1); then
  case "$out" in
    *[Aa]lready*) ;;
    *) echo "temporal-namespace: creating ${TEMPORAL_NAMESPACE} failed: $(echo "$out" | tail -n 1)" >&2; exit 1 ;;
  esac
fi
echo "temporal-namespace: ${TEMPORAL_NAMESPACE} created (retention ${retention})"
