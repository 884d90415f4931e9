@_exported import FoveaWeights
