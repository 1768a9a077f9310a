/* Maps shared by every xgw program: pinned by name so all programs and every CLI run share them. */
#pragma once
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <xgw/abi/config.h>
#include <xgw/abi/stats.h>
#include <xgw/bpf/check.h>

#define XGW_MAX_IFACES 512

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct xgw_config);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} xgw_config SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct xgw_meta);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} xgw_meta SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, XGW_MAX_IFACES);
	__type(key, __u32);
	__type(value, struct xgw_iface);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} xgw_ifaces SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, XGW_MAX_IFACES * XGW_DIR__MAX);
	__type(key, struct xgw_stats_key);
	__type(value, struct xgw_if_stats);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} xgw_stats SEC(".maps");
