#!/usr/bin/env python3
"""`make bench-sumo`: SUMO and v2vsim's traffic-only mode side by side on the same ring and load.

For each size (1000 vehicles on a 10 km, 3-lane ring; 10 000 on 100 km) and each output mode (none; FCD
every step), this script runs SUMO and then v2vsim, one after the other in the same minute, and prints
vehicle-steps per second for both and their ratio. SUMO's network is generated here from plain XML
(nodes and edges on a circle, netconvert), never committed. SUMO drives IDM with our parameters
(a 1.0 m/s², b 1.5 m/s², T 1.0 s, s0 2 m, delta 4, length 5 m, v0 = speed limit 120 km/h), step 0.1 s,
no driver imperfection (sigma 0). Lane changes differ: SUMO's LC2013 against our MOBIL.

Usage: ring_bench.py --v2vsim .build/release/v2vsim [--duration 60] [--sizes 1000,10000] [--json FILE]
"""
import argparse
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
LANES = 3
SPEED_LIMIT = 120 / 3.6
# Both sides start every car at 15 m/s, below IDM's equilibrium speed at this density (about 21 m/s at
# 30 m per car and lane): SUMO refuses to insert a car faster than its car-following model allows.
START_SPEED = 15.0
EDGES = 4          # quarter circles
ARC_POINTS = 24    # shape points per quarter


def write_network(directory, circumference):
    """A closed 3-lane ring: 4 nodes on a circle, 4 edges with arc shapes and exact lengths."""
    radius = circumference / (2 * math.pi)
    def point(angle):
        return radius * math.cos(angle), radius * math.sin(angle)
    nodes = ['<nodes>']
    for k in range(EDGES):
        x, y = point(2 * math.pi * k / EDGES)
        nodes.append(f'  <node id="n{k}" x="{x:.3f}" y="{y:.3f}" type="priority"/>')
    nodes.append('</nodes>')
    edges = ['<edges>']
    for k in range(EDGES):
        a0, a1 = 2 * math.pi * k / EDGES, 2 * math.pi * (k + 1) / EDGES
        shape = ' '.join('%.3f,%.3f' % point(a0 + (a1 - a0) * i / ARC_POINTS) for i in range(ARC_POINTS + 1))
        edges.append(f'  <edge id="e{k}" from="n{k}" to="n{(k + 1) % EDGES}" numLanes="{LANES}" '
                     f'speed="{SPEED_LIMIT:.4f}" length="{circumference / EDGES:.3f}" shape="{shape}"/>')
    edges.append('</edges>')
    with open(os.path.join(directory, 'ring.nod.xml'), 'w') as f:
        f.write('\n'.join(nodes) + '\n')
    with open(os.path.join(directory, 'ring.edg.xml'), 'w') as f:
        f.write('\n'.join(edges) + '\n')
    net = os.path.join(directory, 'ring.net.xml')
    subprocess.run(['netconvert', '--node-files', os.path.join(directory, 'ring.nod.xml'),
                    '--edge-files', os.path.join(directory, 'ring.edg.xml'), '--output-file', net,
                    '--no-turnarounds', 'true', '--no-internal-links', 'true', '--offset.disable-normalization', 'true',
                    '--no-warnings', 'true'], check=True, stdout=subprocess.DEVNULL)
    return net


def write_routes(directory, circumference, vehicles, duration):
    """`vehicles` cars evenly spaced over the lanes at START_SPEED (as our scenario's `speed: 0.45`), each on
    a route that starts on its edge and loops often enough for the run."""
    per_lane = math.ceil(vehicles / LANES)
    spacing = circumference / per_lane
    edge_length = circumference / EDGES
    loops = int(duration * SPEED_LIMIT / circumference) + 2
    lines = ['<routes>',
             f'  <vType id="car" carFollowModel="IDM" accel="1.0" decel="1.5" emergencyDecel="9" tau="1.0" '
             f'minGap="2" length="5" maxSpeed="{SPEED_LIMIT:.4f}" delta="4" sigma="0" speedFactor="1" speedDev="0"/>']
    for k in range(EDGES):
        order = ' '.join(f'e{(k + i) % EDGES}' for i in range(EDGES))
        lines.append(f'  <route id="r{k}" edges="{order}" repeat="{loops}"/>')
    placed = []
    for i in range(vehicles):
        lane, slot = i % LANES, i // LANES
        position = slot * spacing + (lane * spacing / LANES)  # stagger the lanes
        edge = int(position // edge_length) % EDGES
        placed.append((edge, position - edge * edge_length, lane, i))
    for edge, pos, lane, i in placed:
        lines.append(f'  <vehicle id="v{i}" type="car" route="r{edge}" depart="0" departLane="{lane}" '
                     f'departPos="{max(pos, 5.0):.2f}" departSpeed="{START_SPEED:.3f}"/>')
    lines.append('</routes>')
    path = os.path.join(directory, 'ring.rou.xml')
    with open(path, 'w') as f:
        f.write('\n'.join(lines) + '\n')
    return path


def run_sumo(directory, net, routes, duration, fcd):
    command = ['sumo', '-n', net, '-r', routes, '--step-length', '0.1', '--end', str(duration),
               '--no-step-log', 'true', '--duration-log.statistics', 'true', '--no-warnings', 'true',
               '--seed', '9']
    fcd_path = os.path.join(directory, 'fcd.xml')
    if fcd:
        command += ['--fcd-output', fcd_path]
    start = time.monotonic()
    result = subprocess.run(command, check=True, capture_output=True, text=True)
    wall = time.monotonic() - start
    text = result.stdout + result.stderr
    ups = re.search(r'UPS:\s*([0-9.]+)', text)
    steps = re.search(r'Duration:\s*([0-9.]+)\s*s', text) or re.search(r'Duration:\s*([0-9.]+)ms', text)
    inserted = re.search(r'Inserted:\s*([0-9]+)', text)
    running = re.search(r'Running:\s*([0-9]+)', text)
    size = os.path.getsize(fcd_path) if fcd and os.path.exists(fcd_path) else None
    if fcd and os.path.exists(fcd_path):
        os.remove(fcd_path)
    return {
        'wall_s': wall,
        'ups': float(ups.group(1)) if ups else None,
        'inserted': int(inserted.group(1)) if inserted else None,
        'running_at_end': int(running.group(1)) if running else None,
        'fcd_bytes': size,
        'report': text.strip().splitlines()[-12:],
    }


def run_ours(v2vsim, scenario, duration, fcd, directory):
    out = os.path.join(directory, 'ours.json')
    command = [v2vsim, 'bench', '--only', 'traffic', '--traffic-scenario', scenario,
               '--traffic-duration', f'{duration}s', '--json', out, '--out', directory]
    if fcd:
        command.append('--traffic-fcd')
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    with open(out) as f:
        return json.load(f)['traffic_only']


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--v2vsim', default='.build/release/v2vsim')
    parser.add_argument('--duration', type=float, default=60)
    parser.add_argument('--sizes', default='1000,10000')
    parser.add_argument('--json')
    args = parser.parse_args()
    sumo_version = subprocess.run(['sumo', '--version'], capture_output=True, text=True).stdout.splitlines()[0]
    print(f'# {sumo_version}; v2vsim {args.v2vsim}; {os.cpu_count()} cores; {args.duration:g} s simulated, step 0.1 s')
    print(f'{"vehicles":>8} {"output":>6} {"SUMO veh-steps/s":>17} {"v2vsim veh-steps/s":>19} {"ratio":>6}'
          f' {"SUMO wall s":>11} {"v2vsim wall s":>13}')
    results = []
    for size in [int(s) for s in args.sizes.split(',')]:
        circumference = size * 10.0  # 10 km per 1000 vehicles: 33 per km and lane
        scenario = os.path.join(HERE, f'ring-{size}.yaml')
        with tempfile.TemporaryDirectory(prefix='v2vsim-sumo-') as directory:
            net = write_network(directory, circumference)
            routes = write_routes(directory, circumference, size, args.duration)
            for fcd in (False, True):
                sumo = run_sumo(directory, net, routes, args.duration, fcd)
                ours = run_ours(args.v2vsim, scenario, args.duration, fcd, directory)
                steps = round(args.duration / 0.1)
                sumo_rate = sumo['ups'] if sumo['ups'] else size * steps / sumo['wall_s']
                ratio = ours['vehicle_steps_per_s'] / sumo_rate
                print(f'{size:>8} {"fcd" if fcd else "none":>6} {sumo_rate:>17.0f} {ours["vehicle_steps_per_s"]:>19.0f}'
                      f' {ratio:>6.2f} {sumo["wall_s"]:>11.2f} {ours["wall_s"]:>13.2f}', flush=True)
                results.append({'vehicles': size, 'fcd': fcd, 'sumo': sumo, 'v2vsim': ours,
                                'sumo_vehicle_steps_per_s': sumo_rate, 'ratio': ratio})
    print('# ratio = v2vsim / SUMO vehicle-steps per second (SUMO: its own UPS figure, which excludes loading the net)')
    if args.json:
        with open(args.json, 'w') as f:
            json.dump(results, f, indent=2)


if __name__ == '__main__':
    sys.exit(main())
