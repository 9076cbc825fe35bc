// PLACEHOLDER: the gfapi-like client library (openVolume) is written by the data-path work.
export {};
