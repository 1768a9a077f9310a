# shellcheck shell=bash
# Sourced by the benchmarks that run trafgen in the background.

# signal_tree SIG PID: signals PID and every process below it (trafgen's workers do not hear
# their parent's SIGINT, and trafgen stops on SIGINT only).
signal_tree() {
	local child
	for child in $(pgrep -P "$2"); do
		signal_tree "$1" "$child"
	done
	kill -"$1" "$2" 2>/dev/null || true
}
