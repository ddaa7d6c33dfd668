// `pnpm start`: prints the quickstart transcript (build @coatcheck/core and @coatcheck/memory
// first; `pnpm demo` at the repository root does both).
import { runQuickstart } from './quickstart.mjs';

await runQuickstart();
