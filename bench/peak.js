// Preloaded into a benchmarked process (`node -r bench/peak.js ...`): at exit,
// writes the process's peak resident memory in kilobytes
// (process.resourceUsage().maxRSS) to the file SHOESTRING_BENCH_PEAK names.
"use strict";
const fs = require("node:fs");

const file = process.env.SHOESTRING_BENCH_PEAK;
if (file) {
    process.on("exit", () => fs.writeFileSync(file, `${process.resourceUsage().maxRSS}\n`));
}
