/**
 * The rooms of src/, lowest first. A room imports only rooms before it in this list, so arrows
 * point one way and there are no circles; test/layout/rooms.test.ts holds the code to it, and each
 * room's README.md says what lives there. src/cli.tsx (the entry) sits above them all, and
 * src/dev (bench, tools, the GPU kit: not in the package) may import any room but none imports it.
 */
const ROOMS = ['protocol', 'util', 'backend', 'data', 'engine', 'generate', 'judge', 'run', 'worker', 'settings', 'ui', 'terminal', 'commands', 'cli'];

const upward = ROOMS.map((room, i) => ({
  name: `${room}-imports-only-lower-rooms`,
  comment: `${room}/ may import only ${ROOMS.slice(0, i).join(', ') || 'nothing in src'}`,
  severity: 'error',
  from: { path: `^src/${room}/` },
  to: { path: `^src/(${[...ROOMS.slice(i + 1), 'dev'].join('|')})/|^src/cli\\.tsx$` },
}));

module.exports = {

  forbidden: [
    ...upward,
    { name: 'no-circles', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'ui-never-calls-tfjs',
      comment: 'Views draw what the trainer reports; tensors stay in the engine and its threads.',
      severity: 'error',
      from: { path: '^src/ui/' },
      to: { path: '@tensorflow|^src/(backend|data|engine|generate|judge)/' },
    },
    {
      name: 'engine-never-imports-ui-or-threads',
      comment: 'The engine runs the same on the main thread and in the worker, with no UI.',
      severity: 'error',
      from: { path: '^src/(engine|backend|generate|judge)/' },
      to: { path: '^(react|ink)$|node_modules/(react|ink)/|^worker_threads$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.tsx', '.js'] },
  },
};
