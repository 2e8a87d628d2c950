import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
var _="0.1.0",e="4ba27a11eb698b94";export{_ as a,e as b};
