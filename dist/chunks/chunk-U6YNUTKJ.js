import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
var _="0.1.0",e="86c1c3bdebe4e005";export{_ as a,e as b};
