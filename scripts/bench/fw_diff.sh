#!/usr/bin/env bash
# The large differential run of xgw's firewall against nftables: more seeds, more rules and more
# packets than the test suite's tests/netns/test_fw_diff_nft.sh, which it runs.
# Usage: scripts/bench/fw_diff.sh [SEEDS [RULES [PACKETS]]]   (default: 10 seeds, 1000, 2000)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
seeds="$(seq 100 $((100 + ${1:-10} - 1)) | tr '\n' ' ')"
t0="$(date +%s)"
FW_DIFF_SEEDS="$seeds" FW_DIFF_RULES="${2:-1000}" FW_DIFF_PACKETS="${3:-2000}" \
	bash "$here/../../tests/netns/test_fw_diff_nft.sh"
echo "fw_diff: seeds $seeds, ${2:-1000} rules, ${3:-2000} packets each: same verdicts, $(($(date +%s) - t0)) s"
