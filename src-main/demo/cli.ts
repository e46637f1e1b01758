/** `npm run demo`: the engine's command line with the demo added (simulated QuickBooks, QBWC and ShipStation). */
import { main } from '../engine/cli';
import { runDemo } from './demo';

await main(process.argv.slice(2), { demo: runDemo });
