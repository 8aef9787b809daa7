// Stand-in for aegir's `aegir/chai` export: chai 4 with the plugins aegir registers. @libp2p/interop imports only
// this module from aegir (a peer dependency that cannot be installed here); the plugins are dependencies of the
// parent package and resolve from its node_modules.
import * as chai from 'chai'
import chaiAsPromised from 'chai-as-promised'
import chaiBites from 'chai-bites'
import chaiParentheses from 'chai-parentheses'
import chaiString from 'chai-string'
import chaiSubset from 'chai-subset'

chai.use(chaiAsPromised)
chai.use(chaiParentheses)
chai.use(chaiSubset)
chai.use(chaiBites)
chai.use(chaiString)

export const expect = chai.expect
export const assert = chai.assert
export { chai }
