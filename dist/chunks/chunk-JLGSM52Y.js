import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
var _="0.1.0",e="f1f913ee7c25c05f";export{_ as a,e as b};
