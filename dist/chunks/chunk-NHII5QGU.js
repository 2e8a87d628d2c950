import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
var _="0.1.0",e="36d5b206f2de5ac3";export{_ as a,e as b};
