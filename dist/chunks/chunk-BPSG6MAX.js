import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
var _="0.1.0",e="e9b39dea5d62466f";export{_ as a,e as b};
