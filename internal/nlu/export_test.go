package nlu

// Size reports how big a trained model is: its features (rows of
// weights) and weights, over the topic, urgent and language classifiers.
func Size(m *Model) (features, weights int) {
	for _, l := range []*linear{m.topics, m.signals, m.langs} {
		features += len(l.keys)
		weights += len(l.w) + len(l.bias)
	}
	return features, weights
}
