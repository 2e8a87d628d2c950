import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{a,b,c,d,e,f,g}from"./chunk-Z6KIDZ7X.js";import"./chunk-T3TFZHUI.js";import"./chunk-O5DVVPDB.js";export{b as COMMENT_MAX_LENGTH,a as COMMENT_MODES,c as commentMarker,g as explainCommentError,d as ownComments,e as tokenLogin,f as upsertStickyComment};
