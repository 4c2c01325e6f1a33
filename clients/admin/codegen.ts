import { clientCodegen } from '../ui/build/codegen.ts';

export default clientCodegen();
