import Hummingbird

struct MessageResponse: ResponseEncodable, Decodable, Equatable {
    let message: String
}
