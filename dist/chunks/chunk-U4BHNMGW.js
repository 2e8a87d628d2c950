import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
var _="0.1.0",e="e382e6b70196558c";export{_ as a,e as b};
