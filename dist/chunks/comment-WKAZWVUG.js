import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{a,b,c,d,e,f,g}from"./chunk-XT6O6MLT.js";import"./chunk-7QOVV55A.js";import"./chunk-O5DVVPDB.js";export{b as COMMENT_MAX_LENGTH,a as COMMENT_MODES,c as commentMarker,g as explainCommentError,d as ownComments,e as tokenLogin,f as upsertStickyComment};
