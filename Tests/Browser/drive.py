#!/usr/bin/env python3
"""Drives the Visualizer page in headless Chromium over the DevTools protocol (--remote-debugging-pipe:
commands on fd 3, answers on fd 4, NUL-terminated JSON), with nothing but the standard library.

It opens the page, waits until the page says it is ready, reads the page's own state (window.v2v),
checks the vehicle count at a given time, selects a vehicle, plays for a wall-clock span and reads
the page's frame counter, saves screenshots, and prints one JSON report on stdout. The Swift tests
(Tests/EndToEndTests/VisualizerTests.swift) assert on that report; `make screenshot` uses it too.
"""
import argparse, base64, fcntl, json, os, subprocess, sys, time


class Browser:
    def __init__(self, chromium, width, height):
        cmd_r, cmd_w = os.pipe()
        res_r, res_w = os.pipe()
        # Move the child's ends above 9 so that the shell's 3<& / 4>& redirections cannot clash.
        child_in = fcntl.fcntl(cmd_r, fcntl.F_DUPFD, 10)
        child_out = fcntl.fcntl(res_w, fcntl.F_DUPFD, 10)
        os.close(cmd_r); os.close(res_w)
        args = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
                "--no-first-run", "--disable-extensions", "--mute-audio", "--hide-scrollbars",
                f"--window-size={width},{height}", "about:blank"]
        self.proc = subprocess.Popen(
            ["/bin/bash", "-c", f'exec "$0" "$@" 3<&{child_in} 4>&{child_out}'] + args,
            pass_fds=(child_in, child_out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(child_in); os.close(child_out)
        self.out = os.fdopen(cmd_w, "wb", buffering=0)
        self.inp = os.fdopen(res_r, "rb", buffering=0)
        self.buffer = b""
        self.next_id = 0
        self.session = None
        self.console_errors = []

    def _read_message(self, deadline):
        while b"\0" not in self.buffer:
            if time.time() > deadline:
                raise TimeoutError("no answer from chromium")
            chunk = self.inp.read(1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self.buffer += chunk
        raw, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(raw)

    def _event(self, message):
        method, params = message.get("method"), message.get("params", {})
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            self.console_errors.append(" ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", [])))
        elif method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            self.console_errors.append(details.get("exception", {}).get("description") or details.get("text", "exception"))
        elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
            self.console_errors.append(params["entry"].get("text", ""))

    def send(self, method, params=None, session=True, timeout=60):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        self.out.write(json.dumps(message).encode() + b"\0")
        deadline = time.time() + timeout
        while True:
            answer = self._read_message(deadline)
            if answer.get("id") == self.next_id:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return answer.get("result", {})
            self._event(answer)

    def open(self, url, width, height):
        target = self.send("Target.createTarget", {"url": "about:blank"}, session=False)["targetId"]
        self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True}, session=False)["sessionId"]
        for domain in ("Runtime", "Page", "Log"):
            self.send(domain + ".enable")
        self.send("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
        self.send("Page.navigate", {"url": url})

    def evaluate(self, expression, timeout=60):
        result = self.send("Runtime.evaluate", {"expression": expression, "awaitPromise": True, "returnByValue": True}, timeout=timeout)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails'].get('exception', {}).get('description')}")
        return result.get("result", {}).get("value")

    def screenshot(self, path):
        data = self.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": False})["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))

    def pump(self, seconds):
        """Lets the page run for `seconds` of wall time while still collecting console events."""
        end = time.time() + seconds
        while time.time() < end:
            self.send("Runtime.evaluate", {"expression": "0", "returnByValue": True})
            time.sleep(0.2)

    def close(self):
        try:
            self.send("Browser.close", session=False, timeout=5)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--chromium", default="/usr/bin/chromium")
    p.add_argument("--url", required=True)
    p.add_argument("--out", required=True, help="directory for the screenshots")
    p.add_argument("--width", type=int, default=1400)
    p.add_argument("--height", type=int, default=1000)
    p.add_argument("--check-time", type=float, help="seek here, fit the road, and count the vehicles drawn")
    p.add_argument("--select", type=int, help="vehicle to inspect")
    p.add_argument("--select-time", type=float, help="time at which to inspect --select")
    p.add_argument("--play-from", type=float, help="start playing here")
    p.add_argument("--play-seconds", type=float, default=0, help="wall-clock seconds to play")
    p.add_argument("--speed", type=float, default=1)
    p.add_argument("--broadcasts", default="all")
    p.add_argument("--fit", action="store_true", help="fit the road before playing")
    p.add_argument("--screenshot", help="file name of the final screenshot (in --out)", default="playing.png")
    args = p.parse_args()
    os.makedirs(args.out, exist_ok=True)
    report = {}
    browser = Browser(args.chromium, args.width, args.height)
    try:
        browser.open(args.url, args.width, args.height)
        deadline = time.time() + 90
        ready = None
        while time.time() < deadline:
            ready = browser.evaluate("document.body && document.body.dataset.ready || null")
            if ready in ("true", "error"):
                break
            time.sleep(0.2)
        report["ready"] = ready
        report["error_text"] = browser.evaluate("document.getElementById('error') ? document.getElementById('error').textContent : ''")
        if ready != "true":
            return
        report["state"] = browser.evaluate("window.v2v.state()")
        report["charts_drawn"] = browser.evaluate(
            "[...document.querySelectorAll('.grid canvas')].filter(c => !c.closest('[hidden]')).map(c => "
            "{ const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;"
            "  for (let i = 3; i < d.length; i += 4) if (d[i]) n++; return [c.id, n]; })")
        browser.screenshot(os.path.join(args.out, "initial.png"))
        if args.check_time is not None:
            t = args.check_time
            report["check"] = browser.evaluate(
                f"(async () => {{ await window.v2v.loaded({t}); window.v2v.seek({t}); window.v2v.fit(); window.v2v.render();"
                f" const s = window.v2v.state(); return {{ t: s.t, drawn: s.vehiclesDrawn, pageCount: window.v2v.vehiclesAt({t}) }}; }})()")
            browser.screenshot(os.path.join(args.out, "fit.png"))
        if args.select is not None:
            t = args.select_time if args.select_time is not None else (args.check_time or 0)
            report["inspect"] = browser.evaluate(
                f"(async () => {{ await window.v2v.loaded({t}); window.v2v.seek({t}); window.v2v.select({args.select}); window.v2v.render();"
                f" return {{ ...window.v2v.state().inspect, html: document.getElementById('inspect').innerText }}; }})()")
            browser.screenshot(os.path.join(args.out, "inspect.png"))
        if args.play_seconds > 0:
            start = args.play_from if args.play_from is not None else 0
            browser.evaluate(f"(async () => {{ await window.v2v.loaded({start}); window.v2v.seek({start}); "
                             f"window.v2v.setSpeed({args.speed}); window.v2v.setBroadcasts('{args.broadcasts}');"
                             f"{' window.v2v.fit();' if args.fit else ''} window.v2v.play(); return true; }})()")
            before = browser.evaluate("window.v2v.state()")
            wall = time.time()
            browser.pump(args.play_seconds)
            after = browser.evaluate("window.v2v.state()")
            wall = time.time() - wall
            report["play"] = {"wall_s": wall, "frames": after["frames"] - before["frames"],
                              "fps": (after["frames"] - before["frames"]) / wall,
                              "t_from": before["t"], "t_to": after["t"], "vehicles_drawn": after["vehiclesDrawn"],
                              "links": after["links"], "page_fps": after["fps"]}
            browser.screenshot(os.path.join(args.out, args.screenshot))
        report["final_state"] = browser.evaluate("window.v2v.state()")
    finally:
        report["console_errors"] = browser.console_errors
        browser.close()
        print(json.dumps(report))


if __name__ == "__main__":
    main()
