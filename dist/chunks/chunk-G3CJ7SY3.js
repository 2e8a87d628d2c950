import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
var _="0.1.0",e="01a8593ba89a1e24";export{_ as a,e as b};
