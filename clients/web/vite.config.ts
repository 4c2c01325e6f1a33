import { clientConfig } from '../ui/build/client-config.ts';

export default clientConfig({ root: import.meta.dirname, base: '/', devPort: 5173, budgetKb: 250 });
