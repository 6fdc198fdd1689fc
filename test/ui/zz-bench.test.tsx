import { it } from 'vitest';
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { EventEmitter } from 'node:events';
import { FakeTrainerClient } from '../helpers/fake-trainer-client.js';
import { faceGrid, startEvent, stepEvent } from '../helpers/fixtures.js';

class Out extends EventEmitter { columns = Number(process.env['COLS'] ?? 160); rows = Number(process.env['ROWS'] ?? 48); isTTY = true; bytes = 0; writes = 0;
  write = (s: string) => { this.bytes += s.length; this.writes++; return true; }; }
class In extends EventEmitter { isTTY = true; setEncoding() {} setRawMode() {} resume() {} pause() {} ref() {} unref() {} read = () => null; }

it('bench', async () => {
  if (process.env['PROD']) process.env.NODE_ENV = 'production';
  const { render } = await import('ink');
  const { App } = await import('../../src/ui/app.js');
  const client = new FakeTrainerClient();
  const out = new Out();
  const inst = render(<App client={client} preview={(process.env['PREVIEW'] ?? 'blocks') as 'blocks'} env={{ COLORTERM: 'truecolor', TERM: process.env['KTERM'] ?? 'xterm' }} />,
    { stdout: out as any, stdin: new In() as any, exitOnCtrlC: false, patchConsole: false, maxFps: 10, incrementalRendering: true });
  const rows = ['a/b','c/d','e/f','g/h','i/j','k/l','m/n','o/p'];
  client.emit(startEvent({ sampleRows: rows }));
  const seconds = 6;
  const rate = Number(process.env['RATE'] ?? 200);
  let step = 0;
  const session = new Session(); session.connect(); await session.post('Profiler.enable'); await session.post('Profiler.start');
  const cpu0 = process.cpuUsage(); const t0 = performance.now();
  const timer = setInterval(() => {
    for (let i = 0; i < rate / 100; i++) { step++; client.emit(stepEvent(step, { dLoss: Math.random(), gLoss: 1 + Math.random(), time: Date.now() })); }
    if (step % 400 === 0) client.push({ type: 'sample-grid', step, epoch: 1, grid: faceGrid(8, 8, rows) });
  }, 10);
  await new Promise((r) => setTimeout(r, seconds * 1000));
  clearInterval(timer);
  const cpu = process.cpuUsage(cpu0); const wall = performance.now() - t0;
  console.error(`steps ${step} cpu ${(((cpu.user + cpu.system) / 1000) / wall * 100).toFixed(1)}% writes ${out.writes} bytes/s ${(out.bytes / seconds / 1024).toFixed(0)} KiB`);
  const { profile } = await session.post('Profiler.stop'); writeFileSync('/tmp/ui.cpuprofile', JSON.stringify(profile));
  inst.unmount();
}, 30000);
