import { createContext, useContext } from "react";

// The CSP nonce is made per request on the server; the browser never needs it after the first render.
const NonceContext = createContext<string>("");
export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);
