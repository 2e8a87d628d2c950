import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
var _="0.1.0",e="bd095ba707c7f0ec";export{_ as a,e as b};
